package io.jevent.dns;

/**
 * A pending lookup: libevent's {@code struct evdns_request} (and
 * {@code struct evdns_getaddrinfo_request}), whose only use is to cancel it.
 */
public interface DnsRequest {
    /**
     * Cancels the lookup: libevent's {@code evdns_cancel_request} and
     * {@code evdns_getaddrinfo_cancel}. Its callback still runs, once, with {@link DnsError#CANCEL}
     * (or, for getaddrinfo, {@link AddrInfoError#CANCEL}); after the callback has run this does
     * nothing. Any thread: from another thread the cancel is handed to the loop.
     */
    void cancel();
}
