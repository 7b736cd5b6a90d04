package io.jevent.http;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.http.internal.BadMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A client connection to one HTTP server: libevent's {@code struct evhttp_connection} on the
 * client side. Requests made on it are sent one at a time, in order; the connection is opened
 * when needed (the host resolved through an {@link HttpResolver}, off the loop), kept alive
 * between requests when the server allows, and opened again when the server closed it.
 *
 * <pre>{@code
 * HttpConnection conn = new HttpConnection(base, "example.com", 80);
 * HttpRequest req = new HttpRequest(r -> {
 *     if (r.error() != null) { System.out.println("failed: " + r.error()); return; }
 *     System.out.println(r.responseCode() + " " + r.input().length() + " bytes");
 * });
 * req.outputHeaders().add("Accept", "text/html");
 * conn.makeRequest(req, HttpMethod.GET, "/");
 * }</pre>
 *
 * <p><b>Threads:</b> loop thread only (or any one thread while the loop does not run); every
 * callback runs on the loop.
 */
public final class HttpConnection implements AutoCloseable {
    private final EventBase base;
    private final String host;
    private final int port;
    private final HttpResolver resolver;
    private final ArrayDeque<HttpRequest> queue = new ArrayDeque<>();
    private final ResponseDecoder decoder = new ResponseDecoder();
    private final StringBuilder head = new StringBuilder(256);

    private BufferEventFactory factory = BufferEventFactory.SOCKET;
    private Duration connectTimeout = Duration.ofSeconds(50);
    private Duration readTimeout = Duration.ofSeconds(50);
    private Duration writeTimeout = Duration.ofSeconds(50);
    private int retries;
    private Duration initialRetryDelay = Duration.ofSeconds(2);
    private int maxHeadersSize = 64 * 1024;
    private long maxBodySize = -1;
    private InetSocketAddress localAddress;
    private Consumer<HttpConnection> closeCallback;

    private enum State { DISCONNECTED, RESOLVING, CONNECTING, IDLE, BUSY, CLOSED }

    private State state = State.DISCONNECTED;
    /** Bumped whenever a connection attempt is abandoned, so late results are ignored. */
    private int generation;
    private int attempts;
    private SocketChannel connecting;
    private Event connectEvent;
    private Event retryTimer;
    /** Pending while the host is looked up off the loop, so that the loop does not end meanwhile. */
    private Event lookupHold;
    private BufferEvent bev;
    private InetSocketAddress peer;
    private boolean headDone;
    private boolean reused;
    private boolean resent;
    private int served;

    /**
     * A connection to {@code host:port}, resolved with the JDK: libevent's
     * {@code evhttp_connection_base_new(base, NULL, host, port)}. Nothing is opened until a
     * request is made.
     *
     * @param base the loop
     * @param host a host name or address literal
     * @param port the port
     */
    public HttpConnection(EventBase base, String host, int port) {
        this(base, HttpResolver.jdk(), host, port);
    }

    /**
     * A connection that resolves its host with {@code resolver}: libevent's
     * {@code evhttp_connection_base_new(base, dnsbase, host, port)}.
     *
     * @param base     the loop
     * @param resolver the resolver
     * @param host     a host name or address literal (IPv6 without brackets)
     * @param port     the port, 1 to 65535
     */
    public HttpConnection(EventBase base, HttpResolver resolver, String host, int port) {
        this.base = Objects.requireNonNull(base, "base");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1..65535: " + port);
        }
        this.port = port;
    }

    // ------------------------------------------------------------------ settings

    /**
     * Sets what makes the connection's BufferEvent (a TLS one for HTTPS): libevent's
     * {@code evhttp_connection_base_bufferevent_new}.
     *
     * @param factory the factory
     */
    public void setBufferEventFactory(BufferEventFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Sets the connect, read and write timeouts to one value: libevent's
     * {@code evhttp_connection_set_timeout_tv}. Default 50 s.
     *
     * @param timeout the timeout, or null for none
     */
    public void setTimeout(Duration timeout) {
        connectTimeout = timeout;
        readTimeout = timeout;
        writeTimeout = timeout;
    }

    /**
     * Sets the connect timeout: libevent 2.2's {@code evhttp_connection_set_connect_timeout_tv}.
     *
     * @param timeout the timeout, or null for none
     */
    public void setConnectTimeout(Duration timeout) {
        connectTimeout = timeout;
    }

    /**
     * Sets how long the response may take to arrive: libevent 2.2's
     * {@code evhttp_connection_set_read_timeout_tv}.
     *
     * @param timeout the timeout, or null for none
     */
    public void setReadTimeout(Duration timeout) {
        readTimeout = timeout;
    }

    /**
     * Sets how long sending the request may take: libevent 2.2's
     * {@code evhttp_connection_set_write_timeout_tv}.
     *
     * @param timeout the timeout, or null for none
     */
    public void setWriteTimeout(Duration timeout) {
        writeTimeout = timeout;
    }

    /**
     * Sets how many times a failed connect is tried again before the requests fail: libevent's
     * {@code evhttp_connection_set_retries}. Default 0.
     *
     * @param retries the count, or -1 to try forever
     */
    public void setRetries(int retries) {
        if (retries < -1) {
            throw new IllegalArgumentException("retries < -1: " + retries);
        }
        this.retries = retries;
    }

    /**
     * Sets the wait before the first retry; it doubles with each one, up to an hour: libevent's
     * {@code evhttp_connection_set_initial_retry_tv}. Default 2 s, as libevent.
     *
     * @param delay the delay
     */
    public void setInitialRetryDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + delay);
        }
        initialRetryDelay = delay;
    }

    /**
     * Sets the largest response head accepted; larger fails the request with
     * {@link HttpRequestError#DATA_TOO_LONG}: libevent's {@code evhttp_connection_set_max_headers_size}.
     *
     * @param bytes at least 256; 64 KiB by default
     */
    public void setMaxHeadersSize(int bytes) {
        if (bytes < 256) {
            throw new IllegalArgumentException("bytes < 256: " + bytes);
        }
        maxHeadersSize = bytes;
    }

    /**
     * Sets the largest response body accepted: libevent's
     * {@code evhttp_connection_set_max_body_size}.
     *
     * @param bytes the limit, -1 (the default) for none
     */
    public void setMaxBodySize(long bytes) {
        if (bytes < -1) {
            throw new IllegalArgumentException("bytes < -1: " + bytes);
        }
        maxBodySize = bytes;
    }

    /**
     * Binds the connection's socket to a local address before connecting: libevent's
     * {@code evhttp_connection_set_local_address} and {@code _set_local_port}.
     *
     * @param address the local address (port 0 for any), or null for the system's choice
     */
    public void setLocalAddress(InetSocketAddress address) {
        this.localAddress = address;
    }

    /**
     * Sets a callback for each time the connection's socket closes: libevent's
     * {@code evhttp_connection_set_closecb}.
     *
     * @param onClose the callback, or null
     */
    public void setCloseCallback(Consumer<HttpConnection> onClose) {
        this.closeCallback = onClose;
    }

    /** {@return the loop of this connection: {@code evhttp_connection_get_base}} */
    public EventBase base() {
        return base;
    }

    /** {@return the server's address once connected, else null: {@code evhttp_connection_get_peer}} */
    public InetSocketAddress peer() {
        return peer;
    }

    /** {@return how many responses were received on the socket open now (keep-alive re-use)} */
    public int requestsOnThisSocket() {
        return served;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Queues a request and starts it when the ones before it are done: libevent's
     * {@code evhttp_make_request}. Adds {@code Host} and, when there is a body (or the method
     * usually has one), {@code Content-Length}, unless set.
     *
     * @param request a new outgoing request; the connection owns it until its callback ran
     * @param method  the method
     * @param uri     the request target, e.g. {@code "/index.html?q=1"}
     * @throws IllegalStateException if the request was made before, is incoming, or the
     *                               connection is closed
     */
    public void makeRequest(HttpRequest request, HttpMethod method, String uri) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        if (state == State.CLOSED) {
            throw new IllegalStateException("this HttpConnection is closed");
        }
        if (request.incoming || request.client != null) {
            throw new IllegalStateException("an HttpRequest is made once, and only an outgoing one");
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("the request target needs percent-encoding at " + i + ": " + uri);
            }
        }
        request.client = this;
        request.base = base;
        request.method = method;
        request.methodName = method.name();
        request.uri = uri;
        request.parsedUri = HttpUri.tryParse(uri, HttpUri.NONCONFORMANT);
        queue.add(request);
        if (state == State.IDLE) {
            sendNext();
        } else if (state == State.DISCONNECTED) {
            connect();
        }
    }

    void cancel(HttpRequest req) {
        if (!queue.contains(req)) {
            return;
        }
        boolean current = state == State.BUSY && queue.peek() == req;
        queue.remove(req);
        req.client = null;
        req.error = HttpRequestError.REQUEST_CANCEL;
        if (current) {
            disconnect();
            if (!queue.isEmpty()) {
                connect();
            }
        }
        if (req.onError != null) {
            req.onError.onError(req, HttpRequestError.REQUEST_CANCEL);
        }
    }

    // ------------------------------------------------------------------ connecting

    private void connect() {
        state = State.RESOLVING;
        int gen = ++generation;
        // Nothing else may be pending on the loop while the lookup runs on another thread: without
        // this, a program that makes one request and then dispatches would see dispatch return at once.
        Event hold = base.newTimer((ev, what) -> { });
        hold.add(Duration.ofDays(1));
        lookupHold = hold;
        resolver.resolve(host, port, (addresses, failure) -> base.execute(() -> {
            hold.close();
            if (lookupHold == hold) {
                lookupHold = null;
            }
            if (gen == generation && state == State.RESOLVING) {
                if (failure != null || addresses == null || addresses.isEmpty()) {
                    connectFailed();
                } else {
                    tryConnect(addresses, 0, gen);
                }
            }
        }));
    }

    private void tryConnect(List<InetSocketAddress> addresses, int index, int gen) {
        if (index >= addresses.size()) {
            connectFailed();
            return;
        }
        InetSocketAddress address = addresses.get(index);
        state = State.CONNECTING;
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (localAddress != null) {
                ch.bind(localAddress);
            }
            if (ch.connect(address)) {
                connected(ch, address);
                return;
            }
        } catch (IOException e) {
            closeQuietly(ch);
            tryConnect(addresses, index + 1, gen);
            return;
        }
        SocketChannel pending = ch;
        connecting = pending;
        connectEvent = base.newEvent(pending, Ev.WRITE, (ev, what) -> {
            ev.close();
            connectEvent = null;
            if (gen != generation) {
                closeQuietly(pending);
                return;
            }
            connecting = null;
            try {
                if ((what & Ev.TIMEOUT) == 0 && pending.finishConnect()) {
                    connected(pending, address);
                    return;
                }
            } catch (IOException e) {
                // refused or unreachable: try the next address
            }
            closeQuietly(pending);
            tryConnect(addresses, index + 1, gen);
        });
        if (connectTimeout != null) {
            connectEvent.add(connectTimeout);
        } else {
            connectEvent.add();
        }
    }

    private void connected(SocketChannel ch, InetSocketAddress address) {
        try {
            bev = factory.create(base, ch);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            connectFailed();
            return;
        }
        peer = address;
        attempts = 0;
        served = 0;
        reused = false;
        bev.setCallbacks(b -> onRead(false), null, (b, events) -> onEvent(events));
        bev.setTimeouts(readTimeout, writeTimeout);
        bev.enable(Ev.READ | Ev.WRITE);
        state = State.IDLE;
        sendNext();
    }

    /** No address answered: retry later, or fail every queued request (libevent fails them all). */
    private void connectFailed() {
        state = State.DISCONNECTED;
        if (retries == -1 || attempts < retries) {
            long delay = Math.min(initialRetryDelay.toNanos() << Math.min(attempts, 20), Duration.ofHours(1).toNanos());
            attempts++;
            retryTimer = base.newTimer((ev, what) -> {
                ev.close();
                retryTimer = null;
                if (state == State.DISCONNECTED && !queue.isEmpty()) {
                    connect();
                }
            });
            retryTimer.add(Duration.ofNanos(delay));
            return;
        }
        attempts = 0;
        while (!queue.isEmpty()) {
            fail(queue.poll(), HttpRequestError.BUFFER_ERROR);
        }
    }

    // ------------------------------------------------------------------ one exchange

    private void sendNext() {
        HttpRequest req = queue.peek();
        if (req == null) {
            state = State.IDLE;
            return;
        }
        state = State.BUSY;
        headDone = false;
        decoder.reset();
        req.input.drain(req.input.length());
        writeRequest(req);
        onRead(false);
    }

    private void writeRequest(HttpRequest req) {
        HttpHeaders h = req.outputHeaders;
        head.setLength(0);
        head.append(req.methodName).append(' ').append(req.uri).append(" HTTP/1.1\r\n");
        for (int i = 0; i < h.size(); i++) {
            head.append(h.name(i)).append(": ").append(h.value(i)).append("\r\n");
        }
        if (h.find("Host") == null) {
            head.append("Host: ").append(host.indexOf(':') >= 0 ? "[" + host + "]" : host);
            if (port != 80) {
                head.append(':').append(port);
            }
            head.append("\r\n");
        }
        long length = req.output.length();
        if (h.find("Content-Length") == null && h.find("Transfer-Encoding") == null
                && (length > 0 || req.method == HttpMethod.POST || req.method == HttpMethod.PUT
                || req.method == HttpMethod.PATCH)) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        EvBuffer out = bev.output();
        out.add(head, StandardCharsets.ISO_8859_1);
        out.addBufferReference(req.output);
    }

    private void onRead(boolean eof) {
        if (state != State.BUSY) {
            if (state == State.IDLE && bev.input().length() > 0) {
                // Bytes nobody asked for: the connection is out of step; start again.
                disconnect();
            }
            return;
        }
        HttpRequest req = queue.peek();
        try {
            EvBuffer in = bev.input();
            if (!headDone) {
                if (decoder.readHead(in, req, maxHeadersSize) == ResponseDecoder.MORE) {
                    if (eof) {
                        lostConnection(req);
                    }
                    return;
                }
                headDone = true;
                if (req.onHeaders != null) {
                    req.onHeaders.on(req);
                    if (queue.peek() != req) {
                        return;
                    }
                }
            }
            long before = req.input.length();
            int r = decoder.readBody(in, req, maxBodySize, maxHeadersSize, eof);
            if (req.onChunk != null && req.input.length() > before) {
                req.onChunk.on(req);
                if (queue.peek() != req) {
                    return;
                }
            }
            if (r == ResponseDecoder.DONE) {
                complete(req);
            } else if (eof) {
                failCurrent(HttpRequestError.EOF);
            }
        } catch (BadMessage e) {
            failCurrent(e.status() == 502 ? HttpRequestError.INVALID_HEADER : HttpRequestError.DATA_TOO_LONG);
        }
    }

    private void complete(HttpRequest req) {
        queue.poll();
        req.client = null;
        served++;
        boolean keep = !decoder.untilClose() && (req.minor >= 1
                ? !ReplyHead.hasToken(req.inputHeaders, "Connection", "close")
                : ReplyHead.hasToken(req.inputHeaders, "Connection", "keep-alive"));
        if (!keep) {
            disconnect();
        } else {
            state = State.IDLE;
            reused = true;
        }
        resent = false;
        req.onResponse.onResponse(req);
        if (state == State.IDLE) {
            sendNext();
        } else if (state == State.DISCONNECTED && !queue.isEmpty()) {
            connect();
        }
    }

    /**
     * The server closed before answering. On a kept-alive socket that happens when the server
     * timed it out just as the request left: send it once more on a new socket, as libevent does.
     */
    private void lostConnection(HttpRequest req) {
        if (reused && !decoder.sawBytes() && !resent) {
            resent = true;
            disconnect();
            connect();
            return;
        }
        failCurrent(HttpRequestError.EOF);
    }

    private void onEvent(int events) {
        if (events == BevEvent.CONNECTED) {
            // A TLS BufferEvent's handshake is done; the request queued before it is on its way.
            return;
        }
        if (state != State.BUSY) {
            disconnect();
            return;
        }
        if ((events & BevEvent.EOF) != 0) {
            onRead(true);
            return;
        }
        HttpRequestError why = (events & BevEvent.TIMEOUT) != 0 ? HttpRequestError.TIMEOUT
                : bev.lastError() instanceof SocketTimeoutException ? HttpRequestError.TIMEOUT
                : HttpRequestError.BUFFER_ERROR;
        if (why == HttpRequestError.BUFFER_ERROR && reused && !decoder.sawBytes() && !resent) {
            lostConnection(queue.peek());
            return;
        }
        failCurrent(why);
    }

    private void failCurrent(HttpRequestError why) {
        HttpRequest req = queue.poll();
        disconnect();
        if (req != null) {
            fail(req, why);
        }
        if (!queue.isEmpty() && state == State.DISCONNECTED) {
            connect();
        }
    }

    private static void fail(HttpRequest req, HttpRequestError why) {
        req.client = null;
        req.error = why;
        if (req.onError != null) {
            req.onError.onError(req, why);
        }
        req.onResponse.onResponse(req);
    }

    /** Closes the socket (if any) and forgets the attempt in progress. */
    private void disconnect() {
        generation++;
        if (lookupHold != null) {
            lookupHold.close();
            lookupHold = null;
        }
        if (connectEvent != null) {
            connectEvent.close();
            connectEvent = null;
        }
        if (connecting != null) {
            closeQuietly(connecting);
            connecting = null;
        }
        boolean hadSocket = bev != null;
        if (bev != null) {
            bev.close();
            bev = null;
        }
        peer = null;
        if (state != State.CLOSED) {
            state = State.DISCONNECTED;
        }
        if (hadSocket && closeCallback != null) {
            closeCallback.accept(this);
        }
    }

    /**
     * Closes the connection; queued requests are dropped without their callbacks: libevent's
     * {@code evhttp_connection_free}. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (retryTimer != null) {
            retryTimer.close();
            retryTimer = null;
        }
        disconnect();
        state = State.CLOSED;
        for (HttpRequest r : queue) {
            r.client = null;
        }
        queue.clear();
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // abandoned either way
            }
        }
    }

    @Override
    public String toString() {
        return "HttpConnection[" + host + ":" + port + " " + state + ", " + queue.size() + " queued]";
    }
}
