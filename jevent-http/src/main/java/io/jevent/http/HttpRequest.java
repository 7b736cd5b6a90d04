package io.jevent.http;

import io.jevent.buffer.EvBuffer;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One HTTP exchange: libevent's {@code struct evhttp_request}. A server hands one to its handler
 * for every request it receives (an <em>incoming</em> request: read its method, URI, headers and
 * body, then reply with a {@code send} method); a client program creates one to send with
 * {@link HttpConnection#makeRequest} (an <em>outgoing</em> request: fill its output headers and
 * body, and read the response in its callback).
 *
 * <p><b>Threads:</b> loop thread only, like the connection it belongs to; callbacks run on the
 * loop. To reply from another thread, hand the reply to the loop with
 * {@link io.jevent.EventBase#execute}.
 *
 * <p><b>Ownership:</b> the server owns an incoming request until the reply is complete (or the
 * connection closes), then forgets it; keep no reference to it after that: once a handler that
 * replied has returned, the server may use the same object for the next request on the connection
 * (as libevent frees it). The buffers given to
 * {@code sendReply} and {@code sendReplyChunk} are emptied (their bytes move, without a copy).
 */
public final class HttpRequest {
    /** The completion callback of an outgoing request: the callback of {@code evhttp_request_new}. */
    @FunctionalInterface
    public interface ResponseCallback {
        /**
         * The response arrived, or the request failed.
         *
         * @param request the request, with the response in {@link #responseCode()},
         *                {@link #inputHeaders()} and {@link #input()}, or with {@link #error()} set
         */
        void onResponse(HttpRequest request);
    }

    /** A callback about a request with no other argument: header, chunk and close callbacks. */
    @FunctionalInterface
    public interface Callback {
        /**
         * What the callback was registered for happened.
         *
         * @param request the request
         */
        void on(HttpRequest request);
    }

    /** The error callback of an outgoing request: {@code evhttp_request_set_error_cb}. */
    @FunctionalInterface
    public interface ErrorCallback {
        /**
         * The request failed; the completion callback follows, as in libevent.
         *
         * @param request the request
         * @param error   why it failed
         */
        void onError(HttpRequest request, HttpRequestError error);
    }

    final boolean incoming;
    HttpMethod method;
    String methodName;
    String uri;
    /** The target as the user sees it: for an incoming request, a copy made on first use. */
    HttpUri parsedUri;
    /** An incoming request's target as the server parsed it, shared with other requests: never handed out. */
    HttpUri target;
    int major = 1;
    int minor = 1;
    final HttpHeaders inputHeaders = new HttpHeaders();
    final HttpHeaders outputHeaders = new HttpHeaders();
    final EvBuffer input = new EvBuffer();
    final EvBuffer output = new EvBuffer();
    int responseCode;
    String responseReason;
    InetSocketAddress peer;
    HttpRequestError error;

    /** The loop of the request's connection; null for an outgoing request not made yet. */
    io.jevent.EventBase base;
    /** The server connection of an incoming request; null once the connection is gone. */
    ServerConnection server;
    private static final long DEFAULT_BODY_WATERMARK = 64 * 1024;
    long bodyWatermark = DEFAULT_BODY_WATERMARK;
    Callback closeCallback;

    /** Outgoing requests: the callbacks and the client that sends it. */
    final ResponseCallback onResponse;
    Callback onHeaders;
    Callback onChunk;
    ErrorCallback onError;
    HttpConnection client;

    /** An incoming request, made by the server. */
    HttpRequest(io.jevent.EventBase base, ServerConnection server, InetSocketAddress peer) {
        this.incoming = true;
        this.base = base;
        this.server = server;
        this.peer = peer;
        this.onResponse = null;
    }

    /**
     * Makes this incoming request, whose reply is complete, ready for the next request on its
     * connection: everything the last one left is cleared, the lists and buffers are kept.
     */
    void recycle(ServerConnection connection) {
        method = null;
        methodName = null;
        uri = null;
        parsedUri = null;
        target = null;
        major = 1;
        minor = 1;
        inputHeaders.clear();
        outputHeaders.clear();
        input.drain(input.length());
        output.drain(output.length());
        responseCode = 0;
        responseReason = null;
        server = connection;
        bodyWatermark = DEFAULT_BODY_WATERMARK;
        closeCallback = null;
    }

    /**
     * An outgoing request: libevent's {@code evhttp_request_new(cb, arg)}. Any thread until it is
     * made; then the loop's.
     *
     * @param onResponse called once on the loop thread when the response is complete or the
     *                   request failed ({@link #error()} says which); libevent passes NULL for a
     *                   failure, jevent passes the request with its error
     */
    public HttpRequest(ResponseCallback onResponse) {
        this.incoming = false;
        this.onResponse = Objects.requireNonNull(onResponse, "onResponse");
    }

    // ------------------------------------------------------------------ both kinds

    /** {@return the method, or null for one jevent does not know: {@code evhttp_request_get_command}} */
    public HttpMethod method() {
        return method;
    }

    /** {@return the method as it was written on the request line (also for unknown ones)} */
    public String methodName() {
        return methodName;
    }

    /** {@return the request target as sent, e.g. {@code /a/b?c=d}: {@code evhttp_request_get_uri}} */
    public String uri() {
        return uri;
    }

    /**
     * {@return the request target parsed as libevent does (NONCONFORMANT; an authority for CONNECT):
     * {@code evhttp_request_get_evhttp_uri}}
     */
    public HttpUri httpUri() {
        if (parsedUri == null && target != null) {
            parsedUri = RequestDecoder.parseTarget(method, uri);
        }
        return parsedUri;
    }

    /**
     * The host the request is for: the URI's host if the target is absolute, else the Host field
     * without its port: {@code evhttp_request_get_host}.
     *
     * @return the host, or null when the request names none
     */
    public String host() {
        HttpUri u = parsedUri != null ? parsedUri : target;
        if (u != null && u.host() != null && !u.host().isEmpty()) {
            return u.host();
        }
        String h = inputHeaders.find("Host");
        if (h == null) {
            return null;
        }
        int colon = h.lastIndexOf(':');
        return colon > h.lastIndexOf(']') ? h.substring(0, colon) : h;
    }

    /** {@return the major HTTP version: {@code req->major}} */
    public int major() {
        return major;
    }

    /** {@return the minor HTTP version: {@code req->minor}} */
    public int minor() {
        return minor;
    }

    /**
     * {@return the fields received: the request's headers (and trailers) on a server, the
     * response's on a client: {@code evhttp_request_get_input_headers}}
     */
    public HttpHeaders inputHeaders() {
        return inputHeaders;
    }

    /**
     * {@return the fields to send: the reply's on a server, the request's on a client:
     * {@code evhttp_request_get_output_headers}}
     */
    public HttpHeaders outputHeaders() {
        return outputHeaders;
    }

    /** {@return the body received: {@code evhttp_request_get_input_buffer}} */
    public EvBuffer input() {
        return input;
    }

    /** {@return the body to send: {@code evhttp_request_get_output_buffer}} */
    public EvBuffer output() {
        return output;
    }

    /** {@return the status code replied or received, 0 before: {@code evhttp_request_get_response_code}} */
    public int responseCode() {
        return responseCode;
    }

    /** {@return the reason phrase replied or received: {@code evhttp_request_get_response_code_line}} */
    public String responseReason() {
        return responseReason;
    }

    /**
     * {@return the loop the request's connection runs on (null for an outgoing request not made
     * yet): {@code evhttp_connection_get_base} of its connection; hand work from other
     * threads to it with {@code execute}}
     */
    public io.jevent.EventBase base() {
        return base;
    }

    /** {@return the peer's address (the client's on a server): {@code evhttp_connection_get_peer}} */
    public InetSocketAddress peer() {
        return peer;
    }

    /**
     * Cancels the request: libevent's {@code evhttp_cancel_request}. An outgoing request is taken
     * off its connection (reset if the request was under way); its error callback gets
     * {@link HttpRequestError#REQUEST_CANCEL} and its completion callback is not called. An
     * incoming one closes its connection without a reply. Loop thread.
     */
    public void cancel() {
        if (incoming) {
            ServerConnection s = server;
            if (s != null) {
                s.cancel(this);
            }
        } else if (client != null) {
            client.cancel(this);
        }
    }

    // ------------------------------------------------------------------ incoming: replying

    /**
     * Sends a complete reply with {@code body} (moved out of it; null for none): libevent's
     * {@code evhttp_send_reply}. Adds {@code Date}, {@code Content-Length}, the default
     * {@code Content-Type} when a body has none, and {@code Connection} as the keep-alive rules
     * say; a HEAD request gets the headers only. Loop thread.
     *
     * @param code   the status code, 100 to 999 (not 1xx: those are the server's)
     * @param reason the reason phrase, or null for the standard one
     * @param body   the body, or null; {@link #output()} is sent after it
     * @throws IllegalStateException if this is not an incoming request, a reply was already
     *                               started, or an output header contradicts the body's length
     */
    public void sendReply(int code, String reason, EvBuffer body) {
        ServerConnection s = replying(code);
        if (body != null) {
            output.prependBuffer(body);
        }
        if (s != null) {
            s.sendReply(this, code, reason);
        }
    }

    /**
     * Sends an error page and closes the connection after it: libevent's {@code evhttp_send_error}
     * (which also closes). Loop thread.
     *
     * @param code   the status code
     * @param reason the reason phrase, or null for the standard one
     */
    public void sendError(int code, String reason) {
        ServerConnection s = replying(code);
        if (s != null) {
            s.sendError(this, code, reason);
        }
    }

    /**
     * Starts a reply whose body follows in pieces: libevent's {@code evhttp_send_reply_start}.
     * HTTP/1.1 gets {@code Transfer-Encoding: chunked} unless a {@code Content-Length} was set;
     * HTTP/1.0 gets the body until the connection closes. Loop thread.
     *
     * @param code   the status code
     * @param reason the reason phrase, or null for the standard one
     */
    public void sendReplyStart(int code, String reason) {
        ServerConnection s = replying(code);
        if (s != null) {
            s.startChunked(this, code, reason);
        }
    }

    /**
     * Sends the next piece of a reply started with {@link #sendReplyStart}: libevent's
     * {@code evhttp_send_reply_chunk}. An empty piece sends nothing (an empty chunk would end the
     * body). Loop thread.
     *
     * @param chunk the bytes, moved out of it
     */
    public void sendReplyChunk(EvBuffer chunk) {
        sendReplyChunk(chunk, null);
    }

    /**
     * Sends the next piece and calls {@code written} once it has been handed to the kernel (the
     * connection's output drained): libevent's {@code evhttp_send_reply_chunk_with_cb}; send the
     * next piece from there to stream without buffering more than one piece. Loop thread.
     *
     * @param chunk   the bytes, moved out of it
     * @param written called on the loop once they are written, or null; not called if the
     *                connection closes first
     */
    public void sendReplyChunk(EvBuffer chunk, Callback written) {
        ServerConnection s = checkIncoming();
        if (s != null) {
            s.sendChunk(this, chunk, written);
        }
    }

    /** Ends a reply started with {@link #sendReplyStart}: libevent's {@code evhttp_send_reply_end}. Loop thread. */
    public void sendReplyEnd() {
        ServerConnection s = checkIncoming();
        if (s != null) {
            s.endChunked(this);
        }
    }

    /**
     * Sets how much streamed body may wait in {@link #input()} before the server stops reading
     * (see {@link HttpStreamHandler}). Loop thread.
     *
     * @param bytes at least 1; 64 KiB by default
     */
    public void setBodyWatermark(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes < 1: " + bytes);
        }
        bodyWatermark = bytes;
        ServerConnection s = server;
        if (s != null) {
            s.bodyDrained(this);
        }
    }

    /**
     * Sets a callback for when the connection of an incoming request closes before its reply is
     * complete (the peer went away): libevent's {@code evhttp_connection_set_closecb} on the
     * request's connection. Replies to such a request are then dropped. Loop thread.
     *
     * @param onClose the callback, or null for none
     */
    public void setCloseCallback(Callback onClose) {
        this.closeCallback = onClose;
    }

    /** {@return whether the connection of an incoming request is gone: replying to it does nothing} */
    public boolean isConnectionClosed() {
        return incoming && server == null;
    }

    private ServerConnection replying(int code) {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status code out of range 100..999: " + code);
        }
        return checkIncoming();
    }

    private ServerConnection checkIncoming() {
        if (!incoming) {
            throw new IllegalStateException("only a request a server received can be replied to");
        }
        return server;
    }

    // ------------------------------------------------------------------ outgoing: callbacks

    /**
     * Sets a callback for when the response's head arrived: libevent's
     * {@code evhttp_request_set_header_cb}. Loop thread; call before the request is made.
     *
     * @param onHeaders the callback, or null
     */
    public void setHeaderCallback(Callback onHeaders) {
        this.onHeaders = onHeaders;
    }

    /**
     * Sets a callback for each piece of the response body as it arrives, found in
     * {@link #input()} (drain it there, or it accumulates): libevent's
     * {@code evhttp_request_set_chunked_cb}. Loop thread; call before the request is made.
     *
     * @param onChunk the callback, or null
     */
    public void setChunkCallback(Callback onChunk) {
        this.onChunk = onChunk;
    }

    /**
     * Sets a callback for a failure, called before the completion callback: libevent's
     * {@code evhttp_request_set_error_cb}. Loop thread; call before the request is made.
     *
     * @param onError the callback, or null
     */
    public void setErrorCallback(ErrorCallback onError) {
        this.onError = onError;
    }

    /** {@return why an outgoing request failed, or null if it has not (yet)} */
    public HttpRequestError error() {
        return error;
    }

    @Override
    public String toString() {
        return "HttpRequest[" + (incoming ? "incoming " : "outgoing ") + methodName + " " + uri
                + (responseCode != 0 ? " -> " + responseCode : "") + "]";
    }
}
