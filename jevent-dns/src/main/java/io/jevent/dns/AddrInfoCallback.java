package io.jevent.dns;

import java.util.List;

/** Receives the result of {@link DnsResolver#getAddrInfo}: libevent's {@code evdns_getaddrinfo_cb}. */
@FunctionalInterface
public interface AddrInfoCallback {
    /**
     * Called exactly once: on the loop thread, or before {@code getAddrInfo} returns when the
     * answer needs no query.
     *
     * @param error   {@link AddrInfoError#NONE} on success
     * @param results the addresses, IPv4 before IPv6, empty on failure
     */
    void onResult(AddrInfoError error, List<AddrInfo> results);
}
