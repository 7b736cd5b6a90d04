package io.jevent.dns;

/** What a {@link DnsServer} runs for each request: libevent's {@code evdns_request_callback_fn_type}. */
@FunctionalInterface
public interface DnsServerCallback {
    /**
     * Runs on the loop thread for each well-formed query. Answer now or later with
     * {@link DnsServerRequest#respond(int)}, or {@link DnsServerRequest#drop()} it.
     *
     * @param request the request
     */
    void onRequest(DnsServerRequest request);
}
