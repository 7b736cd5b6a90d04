package io.jevent.dns;

/**
 * Receives the result of {@link DnsResolver#resolveIpv4}, {@link DnsResolver#resolveIpv6} or
 * {@link DnsResolver#resolveReverse}: libevent's {@code evdns_callback_type}.
 */
@FunctionalInterface
public interface DnsCallback {
    /**
     * Called exactly once per request, on the loop thread: with the answer, or with
     * {@link DnsError#CANCEL} after {@link DnsRequest#cancel()} and {@link DnsError#SHUTDOWN}
     * when the resolver is closed first.
     *
     * @param answer the result
     */
    void onAnswer(DnsAnswer answer);
}
