package io.jevent.http;

/**
 * Why a client request failed: libevent's {@code enum evhttp_request_error}, given to the error
 * callback ({@code evhttp_request_set_error_cb}) and by {@link HttpRequest#error()}.
 */
public enum HttpRequestError {
    /** {@code EVREQ_HTTP_TIMEOUT}: connecting, sending or waiting for the response took too long. */
    TIMEOUT,
    /** {@code EVREQ_HTTP_EOF}: the server closed the connection before the response was complete. */
    EOF,
    /** {@code EVREQ_HTTP_INVALID_HEADER}: the response was malformed. */
    INVALID_HEADER,
    /** {@code EVREQ_HTTP_BUFFER_ERROR}: the connection failed (refused, reset, no such host...). */
    BUFFER_ERROR,
    /** {@code EVREQ_HTTP_REQUEST_CANCEL}: {@link HttpRequest#cancel()} was called. */
    REQUEST_CANCEL,
    /** {@code EVREQ_HTTP_DATA_TOO_LONG}: the response's header or body passed the connection's limit. */
    DATA_TOO_LONG
}
