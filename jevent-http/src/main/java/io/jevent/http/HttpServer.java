package io.jevent.http;

import io.jevent.EventBase;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP/1.1 server on an {@link EventBase}: libevent's {@code struct evhttp}. Bind it to one or
 * more addresses (or give it listeners), register handlers for exact paths and a generic one, and
 * run the loop:
 *
 * <pre>{@code
 * try (EventBase base = new EventBase(); HttpServer http = new HttpServer(base)) {
 *     http.setCallback("/hello", req -> {
 *         req.outputHeaders().add("Content-Type", "text/plain");
 *         req.sendReply(200, "OK", new EvBuffer().add("hello\n", StandardCharsets.UTF_8));
 *     });
 *     http.bind("127.0.0.1", 8080);
 *     base.dispatch();
 * }
 * }</pre>
 *
 * <p>The server speaks HTTP/1.0 and 1.1 (keep-alive by each version's rules, pipelining answered in
 * order, {@code Expect: 100-continue}, chunked request bodies with trailers) and parses strictly: a
 * malformed request gets a 4xx or 5xx with {@code Connection: close} and the connection ends after
 * the client has read the answer. The limits have safe defaults (see each setter).
 *
 * <p>A server without addresses of its own serves as a virtual host of another
 * ({@link #addVirtualHost}).
 *
 * <p><b>Threads:</b> loop thread only (or any one thread while the loop does not run); handlers run
 * on the loop.
 */
public final class HttpServer implements AutoCloseable {
    /** libevent's default content type ({@code evhttp_set_default_content_type}). */
    public static final String DEFAULT_CONTENT_TYPE = "text/html; charset=ISO-8859-1";

    private final EventBase base;
    private final Map<String, Route> callbacks = new HashMap<>();
    private HttpHandler generic;
    private Route genericRoute;
    private final List<ConnListener> listeners = new ArrayList<>();
    private final Set<ServerConnection> connections = new LinkedHashSet<>();
    private final List<Map.Entry<String, HttpServer>> virtualHosts = new ArrayList<>();
    private final List<String> aliases = new ArrayList<>();
    private HttpServer parent;
    private BufferEventFactory factory = BufferEventFactory.SOCKET;
    private boolean acceptPaused;
    private boolean closed;

    int allowedMethods = HttpMethod.ALL & ~HttpMethod.bits(HttpMethod.CONNECT, HttpMethod.TRACE);
    int maxRequestLine = 8 * 1024;
    int maxHeadersSize = 16 * 1024;
    long maxBodySize = 8L * 1024 * 1024;
    int maxConnections = 10_000;
    Duration readTimeout = Duration.ofSeconds(50);
    Duration writeTimeout = Duration.ofSeconds(50);
    Duration idleTimeout = readTimeout;
    String contentType = DEFAULT_CONTENT_TYPE;

    /**
     * A server with no address yet: libevent's {@code evhttp_new}.
     *
     * @param base the loop its connections and handlers run on
     */
    public HttpServer(EventBase base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** {@return the loop of this server} */
    public EventBase base() {
        return base;
    }

    // ------------------------------------------------------------------ sockets

    /**
     * Listens on an address: libevent's {@code evhttp_bind_socket_with_handle}.
     *
     * @param address an address literal or host name, e.g. {@code "127.0.0.1"} or {@code "::"}
     * @param port    the port, 0 for any free one (see {@link ConnListener#localAddress()})
     * @return the listener, to learn its port or to remove it
     * @throws IOException if the address cannot be bound
     */
    public ConnListener bind(String address, int port) throws IOException {
        return bind(new InetSocketAddress(address, port));
    }

    /**
     * Listens on an address: libevent's {@code evhttp_bind_socket_with_handle}.
     *
     * @param address the address
     * @return the listener
     * @throws IOException if the address cannot be bound
     */
    public ConnListener bind(SocketAddress address) throws IOException {
        checkOpen();
        try {
            ConnListener l = ConnListener.bind(base, address, -1, this::accepted, ConnListener.Option.REUSEABLE,
                    ConnListener.Option.CLOSE_ON_FREE);
            listeners.add(l);
            return l;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Serves the connections a listener accepts (its accept callback is replaced): libevent's
     * {@code evhttp_bind_listener}. The server closes it when it closes.
     *
     * @param listener a listener on this server's base
     */
    public void accept(ConnListener listener) {
        checkOpen();
        if (listener.base() != base) {
            throw new IllegalArgumentException("the listener runs on another EventBase");
        }
        listener.setCallback(this::accepted);
        listeners.add(listener);
    }

    /** {@return the listeners this server accepts from: {@code evhttp_get_listener}, for each} */
    public List<ConnListener> listeners() {
        return List.copyOf(listeners);
    }

    /**
     * Stops accepting on a listener and closes it: libevent's {@code evhttp_del_accept_socket}.
     *
     * @param listener one of {@link #listeners()}
     * @return whether it was one of them
     */
    public boolean removeListener(ConnListener listener) {
        boolean had = listeners.remove(listener);
        if (had) {
            listener.close();
        }
        return had;
    }

    private void accepted(ConnListener listener, SocketChannel channel, SocketAddress peer) {
        if (closed) {
            closeQuietly(channel);
            return;
        }
        BufferEvent bev;
        try {
            bev = factory.create(base, channel);
        } catch (IOException | RuntimeException e) {
            System.getLogger("io.jevent.http").log(System.Logger.Level.WARNING,
                    "the BufferEvent factory failed; connection from " + peer + " closed", e);
            closeQuietly(channel);
            return;
        }
        ServerConnection c = new ServerConnection(this, bev,
                peer instanceof InetSocketAddress isa ? isa : null);
        connections.add(c);
        if (connections.size() >= maxConnections && !acceptPaused) {
            acceptPaused = true;
            listeners.forEach(ConnListener::disable);
        }
        c.start();
    }

    void connectionClosed(ServerConnection c) {
        connections.remove(c);
        if (acceptPaused && connections.size() < maxConnections && !closed) {
            acceptPaused = false;
            listeners.forEach(ConnListener::enable);
        }
    }

    /** {@return how many connections are open now} */
    public int connectionCount() {
        return connections.size();
    }

    // ------------------------------------------------------------------ handlers

    /**
     * Handles requests for one exact path (compared after percent-decoding, without the query):
     * libevent's {@code evhttp_set_cb}.
     *
     * @param path    e.g. {@code "/status"}
     * @param handler called with each complete request for it
     * @throws IllegalArgumentException if the path already has a handler (libevent returns -1)
     */
    public void setCallback(String path, HttpHandler handler) {
        putCallback(path, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * Handles requests for one exact path with their bodies streamed (jevent's addition; see
     * {@link HttpStreamHandler}).
     *
     * @param path    e.g. {@code "/upload"}
     * @param handler called as the request arrives
     * @throws IllegalArgumentException if the path already has a handler
     */
    public void setStreamCallback(String path, HttpStreamHandler handler) {
        putCallback(path, Objects.requireNonNull(handler, "handler"));
    }

    private void putCallback(String path, Object handler) {
        Objects.requireNonNull(path, "path");
        if (callbacks.putIfAbsent(path, new Route(handler)) != null) {
            throw new IllegalArgumentException("path already has a handler: " + path);
        }
    }

    /**
     * Removes the handler of a path: libevent's {@code evhttp_del_cb}.
     *
     * @param path the path
     * @return whether it had one
     */
    public boolean removeCallback(String path) {
        return callbacks.remove(path) != null;
    }

    /**
     * Handles every request no path handler takes: libevent's {@code evhttp_set_gencb}. Without
     * one, such requests get libevent's 404 page.
     *
     * @param handler the handler, or null for the 404 page
     */
    public void setGenericCallback(HttpHandler handler) {
        this.generic = handler;
        this.genericRoute = handler == null ? null : new Route(handler);
    }

    /** Who handles a request: a path handler, the generic one, or the 404 page. */
    record Route(Object handler) {
        void dispatch(HttpRequest req) {
            if (handler instanceof HttpHandler h) {
                h.handle(req);
            } else {
                notFound(req);
            }
        }
    }

    private static final Route NOT_FOUND = new Route(null);

    Route route(HttpRequest req) {
        Route r = callbacks.isEmpty() ? null : callbacks.get(decodedPath(req));
        if (r != null) {
            return r;
        }
        return generic != null ? genericRoute : NOT_FOUND;
    }

    private static String decodedPath(HttpRequest req) {
        String path = req.target.path();
        if (path.indexOf('%') < 0) {
            return path;
        }
        return new String(UriCodec.uriDecode(path.getBytes(StandardCharsets.ISO_8859_1), false),
                StandardCharsets.UTF_8);
    }

    private static void notFound(HttpRequest req) {
        req.output.add("<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL "
                + UriCodec.htmlEscape(req.uri) + " was not found on this server.</p></body></html>\n",
                StandardCharsets.ISO_8859_1);
        req.outputHeaders.set("Content-Type", "text/html");
        req.sendReply(404, "Not Found", null);
    }

    // ------------------------------------------------------------------ virtual hosts

    /**
     * Serves requests for hosts that match a pattern with another server's handlers and settings:
     * libevent's {@code evhttp_add_virtual_host}. {@code *} in the pattern matches one or more
     * characters (as in libevent, not none), case ignored: {@code "*.example.com"}.
     *
     * @param pattern the host pattern
     * @param vhost   a server with no listeners of its own, not already a virtual host
     * @throws IllegalArgumentException if {@code vhost} has listeners or a parent
     */
    public void addVirtualHost(String pattern, HttpServer vhost) {
        Objects.requireNonNull(pattern, "pattern");
        if (vhost == this || vhost.parent != null || !vhost.listeners.isEmpty()) {
            throw new IllegalArgumentException("a virtual host must be a server of its own, without listeners and"
                    + " not already a virtual host");
        }
        vhost.parent = this;
        virtualHosts.add(Map.entry(pattern, vhost));
    }

    /**
     * Removes a virtual host: libevent's {@code evhttp_remove_virtual_host}.
     *
     * @param vhost the server added with {@link #addVirtualHost}
     * @return whether it was one
     */
    public boolean removeVirtualHost(HttpServer vhost) {
        boolean removed = virtualHosts.removeIf(e -> e.getValue() == vhost);
        if (removed) {
            vhost.parent = null;
        }
        return removed;
    }

    /**
     * Adds another exact name (case ignored) this server answers to, also as a virtual host:
     * libevent's {@code evhttp_add_server_alias}.
     *
     * @param alias the host name
     */
    public void addServerAlias(String alias) {
        aliases.add(Objects.requireNonNull(alias, "alias"));
    }

    /**
     * Removes an alias: libevent's {@code evhttp_remove_server_alias}.
     *
     * @param alias the host name
     * @return whether it was one
     */
    public boolean removeServerAlias(String alias) {
        return aliases.removeIf(a -> a.equalsIgnoreCase(alias));
    }

    /** The server that handles a request: a matching virtual host, one with a matching alias, or this one. */
    HttpServer findVirtualHost(HttpRequest req) {
        if (virtualHosts.isEmpty()) {
            return this;
        }
        String host = req.host();
        if (host == null) {
            return this;
        }
        for (Map.Entry<String, HttpServer> e : virtualHosts) {
            if (matches(e.getKey(), 0, host, 0)) {
                return e.getValue();
            }
        }
        for (Map.Entry<String, HttpServer> e : virtualHosts) {
            for (String alias : e.getValue().aliases) {
                if (alias.equalsIgnoreCase(host)) {
                    return e.getValue();
                }
            }
        }
        return this;
    }

    /** libevent's {@code prefix_suffix_match}, case ignored: a star needs at least one character. */
    static boolean matches(String pattern, int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p++);
            if (c == '*') {
                for (; n < name.length(); n++) {
                    if (matches(pattern, p, name, n)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length() || Character.toLowerCase(c) != Character.toLowerCase(name.charAt(n))) {
                return false;
            }
            n++;
        }
        return n == name.length();
    }

    // ------------------------------------------------------------------ settings

    /**
     * Sets which methods are served; others get 405 with an {@code Allow} field: libevent's
     * {@code evhttp_set_allowed_methods} (which answers 501). Default: all but CONNECT and TRACE.
     *
     * @param methods {@link HttpMethod#bits} of the allowed methods
     */
    public void setAllowedMethods(int methods) {
        if ((methods & ~HttpMethod.ALL) != 0) {
            throw new IllegalArgumentException("unknown method bits: 0x" + Integer.toHexString(methods));
        }
        allowedMethods = methods;
    }

    String allowText() {
        StringBuilder sb = new StringBuilder();
        for (HttpMethod m : HttpMethod.values()) {
            if ((allowedMethods & m.bit()) != 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(m.name());
            }
        }
        return sb.toString();
    }

    /**
     * Sets the largest header block (request line, fields and trailers); larger gets 431:
     * libevent's {@code evhttp_set_max_headers_size} (libevent: unlimited by default). Default 16 KiB.
     *
     * @param bytes at least 256
     */
    public void setMaxHeadersSize(int bytes) {
        maxHeadersSize = atLeast(bytes, 256, "bytes");
    }

    /**
     * Sets the longest request line; longer gets 414 (jevent's addition). Default 8 KiB.
     *
     * @param bytes at least 16
     */
    public void setMaxRequestLineLength(int bytes) {
        maxRequestLine = atLeast(bytes, 16, "bytes");
    }

    /**
     * Sets the largest request body held in memory; larger gets 413, before it is read when the
     * length is declared: libevent's {@code evhttp_set_max_body_size} (libevent: unlimited by
     * default). Default 8 MiB. Streamed bodies ({@link #setStreamCallback}) have no limit here.
     *
     * @param bytes the limit, -1 for none
     */
    public void setMaxBodySize(long bytes) {
        if (bytes < -1) {
            throw new IllegalArgumentException("bytes < -1: " + bytes);
        }
        maxBodySize = bytes;
    }

    /**
     * Sets how many connections may be open at once; at the limit the listeners stop accepting
     * until one closes: libevent 2.2's {@code evhttp_set_max_connections}. Default 10,000.
     *
     * @param n at least 1
     */
    public void setMaxConnections(int n) {
        maxConnections = atLeast(n, 1, "n");
    }

    /**
     * Sets the read and write timeouts, and the idle timeout between requests, to one value:
     * libevent's {@code evhttp_set_timeout_tv}. Default 50 s, as libevent. Applies to connections
     * accepted after the call.
     *
     * @param timeout the timeout, or null for none
     */
    public void setTimeout(Duration timeout) {
        readTimeout = timeout;
        writeTimeout = timeout;
        idleTimeout = timeout;
    }

    /**
     * Sets how long a request may take to arrive once it started; then 408 and close.
     *
     * @param timeout the timeout, or null for none
     */
    public void setReadTimeout(Duration timeout) {
        readTimeout = timeout;
    }

    /**
     * Sets how long the client may take to accept the bytes of a reply; then close.
     *
     * @param timeout the timeout, or null for none
     */
    public void setWriteTimeout(Duration timeout) {
        writeTimeout = timeout;
    }

    /**
     * Sets how long a kept-alive connection may wait for its next request; then close.
     *
     * @param timeout the timeout, or null for none
     */
    public void setIdleTimeout(Duration timeout) {
        idleTimeout = timeout;
    }

    /**
     * Sets the {@code Content-Type} of replies with a body and none of their own: libevent's
     * {@code evhttp_set_default_content_type}.
     *
     * @param type the type, or null to add none
     */
    public void setDefaultContentType(String type) {
        contentType = type;
    }

    /**
     * Sets what makes each connection's BufferEvent, for example a TLS one for HTTPS: libevent's
     * {@code evhttp_set_bevcb}.
     *
     * @param factory the factory; {@link BufferEventFactory#SOCKET} by default
     */
    public void setBufferEventFactory(BufferEventFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Closes the listeners and every connection, dropping requests in progress: libevent's
     * {@code evhttp_free}. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.forEach(ConnListener::close);
        listeners.clear();
        for (ServerConnection c : new ArrayList<>(connections)) {
            c.abort();
        }
        connections.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this HttpServer is closed");
        }
    }

    private static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " < " + min + ": " + value);
        }
        return value;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the connection is abandoned either way
        }
    }
}
