package io.jevent.http;

import io.jevent.buffer.EvBuffer;

/**
 * Handles a request whose body is streamed as it arrives instead of held in memory (jevent's
 * addition: evhttp buffers every body): for uploads larger than memory, or to reject one before it
 * is sent. Registered with {@link HttpServer#setStreamCallback}. All three methods run on the loop
 * thread; the server's body size limit does not apply (enforce your own).
 *
 * <p><b>Back-pressure:</b> body bytes collect in {@link HttpRequest#input()}. Drain what you
 * consume in {@link #onBody}; while the input holds the request's
 * {@linkplain HttpRequest#setBodyWatermark body watermark} or more, the server stops reading the
 * connection, and resumes when the input is drained below it. So a slow consumer slows the sender.
 */
public interface HttpStreamHandler {
    /**
     * The head arrived. The handler may reply at once (say 403): the body is then not read, and
     * the connection is closed after the reply.
     *
     * @param request the request, with its headers and an empty input
     */
    void onHeaders(HttpRequest request);

    /**
     * More of the body arrived in {@code body} ({@link HttpRequest#input()}).
     *
     * @param request the request
     * @param body    its input: everything not yet drained
     */
    void onBody(HttpRequest request, EvBuffer body);

    /**
     * The body is complete (trailers, if any, are in the input headers); reply if not done yet.
     *
     * @param request the request
     */
    void onEnd(HttpRequest request);
}
