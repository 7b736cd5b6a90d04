package io.jevent.http;

/** Placeholder replaced by the client layer. */
abstract class ClientExchange {
    abstract void cancel(HttpRequest req);
}
