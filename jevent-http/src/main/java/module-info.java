/**
 * jevent-http: libevent's evhttp ({@code event2/http.h}) on jevent: an HTTP/1.1 server and client,
 * URIs, their encoders and query strings. It needs nothing but jevent-core.
 *
 * <p>Only {@code io.jevent.http} is exported; the parser and the connection state machines in
 * {@code io.jevent.http.internal} stay private to this module.
 */
module io.jevent.http {
    requires transitive io.jevent;

    exports io.jevent.http;
}
