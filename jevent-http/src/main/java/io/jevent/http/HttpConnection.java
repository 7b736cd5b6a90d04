package io.jevent.http;

/** Placeholder replaced by the client layer. */
final class HttpConnection {
}
