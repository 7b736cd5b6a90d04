package io.jevent.http;

/**
 * Handles a request whose head and body have arrived: the callback of libevent's
 * {@code evhttp_set_cb} and {@code evhttp_set_gencb}. It runs on the loop thread and must reply,
 * now or later (from a timer, another callback, or another thread through
 * {@link io.jevent.EventBase#execute}), with one of the {@code send} methods of the request.
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * Handles one request, on its connection's loop thread; reply now or later, from that thread.
     *
     * @param request the request; its body is in {@link HttpRequest#input()}
     */
    void handle(HttpRequest request);
}
