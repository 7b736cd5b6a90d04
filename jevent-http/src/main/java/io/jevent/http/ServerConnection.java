package io.jevent.http;

import io.jevent.Ev;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.http.internal.BadMessage;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One accepted HTTP/1.x connection: libevent's {@code struct evhttp_connection} on the server side.
 * It reads one request at a time, hands it to its handler, writes the reply, then reads the next
 * one (pipelined requests wait in the input, so replies go out in order). A malformed request gets
 * its 4xx with {@code Connection: close}, then a lingering close so that the client reads it.
 * Loop thread only.
 */
final class ServerConnection {
    private static final System.Logger LOG = System.getLogger("io.jevent.http");
    /** Stop taking new requests while this much reply waits for the peer to read it. */
    private static final long OUTPUT_PAUSE = 1 << 20;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum State { HEAD, BODY, HANDLING, CLOSED }

    private final HttpServer server;
    private final BufferEvent bev;
    private final InetSocketAddress peer;
    private final RequestDecoder decoder = new RequestDecoder();
    private final ReplyHead head = new ReplyHead();
    private final List<Object> written = new ArrayList<>();

    private State state = State.HEAD;
    private HttpRequest req;
    private HttpServer.Route route;
    private boolean keepAlive;
    private boolean replyStarted;
    private boolean streaming;
    private boolean chunkedReply;
    private boolean bodyDone;
    private boolean inLoop;
    private boolean readPaused;
    private boolean bodyPaused;
    private boolean outputPaused;
    private boolean idle = true;
    private boolean streamingReply;
    private boolean gone;
    /** {@link #req} was replied to inside its handler: reuse it for the next request. */
    private boolean recycle;

    ServerConnection(HttpServer server, BufferEvent bev, InetSocketAddress peer) {
        this.server = server;
        this.bev = bev;
        this.peer = peer;
    }

    void start() {
        bev.setCallbacks(b -> processInput(), b -> onWritten(), (b, events) -> onEvent(events));
        bev.setTimeouts(server.idleTimeout, server.writeTimeout);
        newRequest();
        bev.enable(Ev.READ);
    }

    private void newRequest() {
        req = new HttpRequest(bev.base(), this, peer);
        resetExchange();
    }

    private void resetExchange() {
        route = null;
        decoder.reset();
        state = State.HEAD;
        replyStarted = false;
        streaming = false;
        chunkedReply = false;
        bodyDone = false;
        streamingReply = false;
    }

    // ------------------------------------------------------------------ reading

    private void processInput() {
        if (inLoop || state == State.CLOSED) {
            return;
        }
        inLoop = true;
        try {
            while (true) {
                EvBuffer in = bev.input();
                if (state == State.HEAD) {
                    if (bev.output().length() > OUTPUT_PAUSE) {
                        outputPaused = true;
                        pauseReading();
                        return;
                    }
                    if (in.length() > 0 && idle && server.idleTimeout != server.readTimeout) {
                        bev.setTimeouts(server.readTimeout, server.writeTimeout);
                    }
                    idle = false;
                    if (recycle) {
                        recycle = false;
                        req.recycle(this);
                    }
                    if (decoder.readHead(in, req, server.maxRequestLine, server.maxHeadersSize) == RequestDecoder.MORE) {
                        return;
                    }
                    headRead();
                } else if (state == State.BODY) {
                    long before = req.input.length();
                    long max = streaming ? -1 : server.maxBodySize;
                    int r = decoder.readBody(in, req, max, server.maxHeadersSize);
                    if (streaming && req.input.length() > before && !replyStarted) {
                        ((HttpStreamHandler) route.handler()).onBody(req, req.input);
                        if (state != State.BODY) {
                            continue;
                        }
                        if (req.input.length() >= req.bodyWatermark && r == RequestDecoder.MORE) {
                            bodyPaused = true;
                            pauseReading();
                            return;
                        }
                    }
                    if (r == RequestDecoder.MORE) {
                        return;
                    }
                    bodyRead();
                } else {
                    return;
                }
                if (state == State.CLOSED) {
                    return;
                }
            }
        } catch (BadMessage e) {
            fail(e.status(), e.getMessage());
        } finally {
            inLoop = false;
        }
    }

    private void headRead() throws BadMessage {
        HttpServer vhost = server.findVirtualHost(req);
        boolean connection = decoder.hadConnectionField();
        keepAlive = req.minor >= 1 ? !connection || !ReplyHead.hasToken(req.inputHeaders, "Connection", "close")
                : connection && ReplyHead.hasToken(req.inputHeaders, "Connection", "keep-alive");
        if ((vhost.allowedMethods & req.method.bit()) == 0) {
            req.outputHeaders.set("Allow", vhost.allowText());
            throw new BadMessage(405, "method " + req.methodName + " is not allowed");
        }
        route = vhost.route(req);
        streaming = route.handler() instanceof HttpStreamHandler;
        long length = decoder.declaredLength();
        long max = streaming ? -1 : server.maxBodySize;
        String expect = decoder.hadExpectField() ? req.inputHeaders.find("Expect") : null;
        if (expect != null && req.minor >= 1) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                throw new BadMessage(417, "only 100-continue is expected");
            }
            if (max >= 0 && length > max) {
                throw new BadMessage(413, "the body is larger than " + max + " bytes");
            }
            if (length != 0 && bev.input().length() == 0) {
                bev.write(CONTINUE);
            }
        }
        if (max >= 0 && length > max) {
            throw new BadMessage(413, "the body is larger than " + max + " bytes");
        }
        state = State.BODY;
        if (streaming) {
            HttpRequest r = req;
            r.input.addCallback((buf, original, added, deleted) -> {
                if (deleted > 0) {
                    bodyDrained(r);
                }
            });
            ((HttpStreamHandler) route.handler()).onHeaders(r);
        }
    }

    private void bodyRead() {
        bodyDone = true;
        if (replyStarted) {
            // Replied before the body was complete: the reply's end closes the connection.
            return;
        }
        state = State.HANDLING;
        try {
            if (streaming) {
                ((HttpStreamHandler) route.handler()).onEnd(req);
            } else {
                route.dispatch(req);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handler for " + req.uri + " threw; answering 500", e);
            if (!replyStarted && state != State.CLOSED) {
                keepAlive = false;
                sendError(req, 500, null);
            } else {
                close();
            }
            return;
        }
        if (state == State.HANDLING && !replyStarted) {
            // The reply comes later; read no further requests meanwhile (they wait, in order).
            pauseReading();
        }
    }

    /** A streaming handler drained its input: read on when it is below the watermark. */
    void bodyDrained(HttpRequest r) {
        if (r == req && bodyPaused && r.input.length() < r.bodyWatermark) {
            bodyPaused = false;
            resumeReading();
        }
    }

    private void pauseReading() {
        if (!readPaused) {
            readPaused = true;
            bev.disable(Ev.READ);
        }
    }

    private void resumeReading() {
        if (readPaused && !bodyPaused && !outputPaused && state != State.CLOSED) {
            readPaused = false;
            bev.enable(Ev.READ);
        }
        processInput();
    }

    // ------------------------------------------------------------------ replying

    void sendReply(HttpRequest r, int code, String reason) {
        checkReplying(r, code);
        replyStarted = true;
        r.responseCode = code;
        r.responseReason = reason;
        boolean noBody = code == 204 || code == 304;
        long length = r.output.length();
        String userLength = r.outputHeaders.find("Content-Length");
        if (r.outputHeaders.find("Transfer-Encoding") != null) {
            throw new IllegalStateException("sendReply() frames the body itself: remove Transfer-Encoding, or use"
                    + " sendReplyStart() for a chunked reply");
        }
        if (userLength != null && !noBody && (length > 0 || r.method != HttpMethod.HEAD)
                && !userLength.equals(Long.toString(length))) {
            throw new IllegalStateException("Content-Length " + userLength + " but the body has " + length + " bytes");
        }
        EvBuffer out = bev.output();
        head.write(out, r, code, reason, noBody ? -1 : length, false, connectionValue(),
                length > 0 && !noBody ? server.contentType : null);
        if (r.method == HttpMethod.HEAD || noBody) {
            r.output.drain(length);
        } else {
            out.addBuffer(r.output);
        }
        finishExchange(true);
    }

    void sendError(HttpRequest r, int code, String reason) {
        String why = reason != null ? reason : io.jevent.http.internal.StatusText.reason(code);
        keepAlive = false;
        r.output.drain(r.output.length());
        r.outputHeaders.removeAll("Content-Length");
        r.outputHeaders.removeAll("Transfer-Encoding");
        r.output.add("<HTML><HEAD>\n<TITLE>" + code + " " + UriCodec.htmlEscape(why) + "</TITLE>\n</HEAD><BODY>\n<H1>"
                + UriCodec.htmlEscape(why) + "</H1>\n</BODY></HTML>\n", StandardCharsets.ISO_8859_1);
        if (r.outputHeaders.find("Content-Type") == null) {
            r.outputHeaders.add("Content-Type", "text/html");
        }
        sendReply(r, code, reason);
    }

    void startChunked(HttpRequest r, int code, String reason) {
        checkReplying(r, code);
        replyStarted = true;
        r.responseCode = code;
        r.responseReason = reason;
        boolean sized = r.outputHeaders.find("Content-Length") != null;
        if (r.outputHeaders.find("Transfer-Encoding") != null) {
            throw new IllegalStateException("the server sets Transfer-Encoding itself");
        }
        chunkedReply = r.minor >= 1 && !sized;
        if (!sized && r.minor == 0) {
            keepAlive = false;
        }
        streamingReply = true;
        head.write(bev.output(), r, code, reason, -1, chunkedReply, connectionValue(), server.contentType);
    }

    void sendChunk(HttpRequest r, EvBuffer chunk, HttpRequest.Callback onWritten) {
        if (r != req || !streamingReply) {
            throw new IllegalStateException("sendReplyChunk() needs a reply started with sendReplyStart()");
        }
        EvBuffer out = bev.output();
        long n = chunk.length();
        if (r.method == HttpMethod.HEAD) {
            chunk.drain(n);
        } else if (n > 0) {
            if (chunkedReply) {
                out.add(Long.toHexString(n) + "\r\n", StandardCharsets.ISO_8859_1);
                out.addBuffer(chunk);
                out.add("\r\n", StandardCharsets.ISO_8859_1);
            } else {
                out.addBuffer(chunk);
            }
        }
        if (onWritten != null) {
            if (out.length() == 0) {
                bev.base().execute(() -> onWritten.on(r));
            } else {
                written.add(r);
                written.add(onWritten);
            }
        }
    }

    void endChunked(HttpRequest r) {
        if (r != req || !streamingReply) {
            throw new IllegalStateException("sendReplyEnd() needs a reply started with sendReplyStart()");
        }
        if (chunkedReply && r.method != HttpMethod.HEAD) {
            bev.output().add("0\r\n\r\n", StandardCharsets.ISO_8859_1);
        }
        streamingReply = false;
        finishExchange(false);
    }

    private void checkReplying(HttpRequest r, int code) {
        if (code < 200) {
            throw new IllegalArgumentException("1xx replies are the server's to send: " + code);
        }
        if (r != req || replyStarted) {
            throw new IllegalStateException("this request was already replied to");
        }
    }

    private String connectionValue() {
        if (!bodyDone || ReplyHead.hasToken(req.outputHeaders, "Connection", "close")) {
            keepAlive = false;
        }
        return !keepAlive ? "close" : req.minor == 0 ? "keep-alive" : null;
    }

    /**
     * The reply is queued: forget the request, then read the next one or close. A request replied
     * to with one {@code sendReply} inside its handler is cleared and reused once the handler has
     * returned (the next head is read only then), which is what makes a keep-alive exchange cost
     * no allocation; any other (a reply from a later callback, a streamed reply whose written
     * callbacks still hold it, a streamed body) is left to the user and a new one made.
     */
    private void finishExchange(boolean reusable) {
        HttpRequest done = req;
        done.server = null;
        if (!keepAlive) {
            state = State.CLOSED;
            bev.closeAfterFlush();
            return;
        }
        if (reusable && inLoop && !streaming && written.isEmpty()) {
            recycle = true;
            resetExchange();
        } else {
            newRequest();
        }
        idle = true;
        if (server.idleTimeout != server.readTimeout) {
            bev.setTimeouts(server.idleTimeout, server.writeTimeout);
        }
        if (!inLoop) {
            resumeReading();
        }
    }

    private void onWritten() {
        if (!written.isEmpty()) {
            Object[] calls = written.toArray();
            written.clear();
            for (int i = 0; i < calls.length; i += 2) {
                ((HttpRequest.Callback) calls[i + 1]).on((HttpRequest) calls[i]);
            }
        }
        if (outputPaused && bev.output().length() <= OUTPUT_PAUSE / 2) {
            outputPaused = false;
            resumeReading();
        }
    }

    // ------------------------------------------------------------------ errors and closing

    /** Answers a malformed or refused request and closes after a lingering wait. */
    private void fail(int status, String why) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.log(Level.DEBUG, () -> "request from " + peer + " refused with " + status + ": " + why);
        HttpRequest r = req;
        if (replyStarted) {
            close();
            return;
        }
        bodyDone = false;
        sendError(r, status, null);
    }

    private void onEvent(int events) {
        if (events == BevEvent.CONNECTED) {
            // A TLS BufferEvent's handshake is done: nothing to do, the request is read as it comes.
            return;
        }
        if ((events & BevEvent.FLUSHED_AND_CLOSED) != 0 || state == State.CLOSED) {
            closed();
            return;
        }
        if ((events & BevEvent.TIMEOUT) != 0 && (events & BevEvent.READING) != 0
                && (state == State.BODY || state == State.HEAD && decoder.startedHead() && bev.input().length() > 0)) {
            fail(408, "the request did not arrive in time");
            return;
        }
        close();
    }

    void cancel(HttpRequest r) {
        if (r == req) {
            close();
        }
    }

    void close() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
        }
        bev.close();
        closed();
    }

    private void closed() {
        if (gone) {
            return;
        }
        gone = true;
        state = State.CLOSED;
        written.clear();
        HttpRequest r = req;
        if (r != null && r.server == this) {
            r.server = null;
            if (r.closeCallback != null && bodyDone) {
                r.closeCallback.on(r);
            }
        }
        server.connectionClosed(this);
    }

    /** Used by {@link HttpServer#close()}. */
    void abort() {
        close();
    }
}
