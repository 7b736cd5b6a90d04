/**
 * libevent's evhttp ({@code event2/http.h}) on jevent: an HTTP/1.1 server, a client, URIs, their
 * encoders and query strings.
 *
 * <p>The server, {@link io.jevent.http.HttpServer}, is {@code struct evhttp}: bind it, give it
 * handlers for exact paths and a generic one, and run the loop. Each request reaches its handler
 * as an {@link io.jevent.http.HttpRequest} ({@code struct evhttp_request}) once its body has
 * arrived; the handler replies now or later with {@code sendReply}, {@code sendError} or a chunked
 * reply. The client, {@link io.jevent.http.HttpConnection}, is {@code struct evhttp_connection}:
 * make requests on it and read the response in their callbacks.
 *
 * <pre>{@code
 * try (EventBase base = new EventBase(); HttpServer http = new HttpServer(base)) {
 *     http.setCallback("/hello", req -> req.sendReply(200, "OK",
 *             new EvBuffer().add("hello\n", StandardCharsets.UTF_8)));
 *     http.bind("127.0.0.1", 8080);
 *     base.dispatch();
 * }
 * }</pre>
 *
 * <p><b>Strict where evhttp is lax.</b> Requests are parsed as RFC 9112 says: anything that could
 * make two parsers disagree about where a message ends (Content-Length with Transfer-Encoding,
 * differing lengths, a Transfer-Encoding not ending in chunked, signed or prefixed chunk sizes,
 * folded lines, bad field names or values) is refused with its 4xx and {@code Connection: close},
 * and the connection ends after the client has read the answer. Headers a program adds are
 * checked too: a value cannot split a message. The URI functions, on the other hand, follow
 * libevent 2.1.12 byte for byte, quirks included; the tests replay what the C library does.
 *
 * <p><b>Threads:</b> servers, connections and requests belong to their loop's thread; every
 * callback runs there. Other threads hand work over with {@link io.jevent.EventBase#execute}.
 *
 * <p><b>HTTPS</b> needs no change here: a {@link io.jevent.http.BufferEventFactory} that returns a
 * TLS BufferEvent makes the server or the client speak it.
 */
package io.jevent.http;
