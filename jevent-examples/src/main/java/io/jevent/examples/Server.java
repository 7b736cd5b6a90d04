package io.jevent.examples;

import io.jevent.EventBase;
import java.io.IOException;
import java.net.InetSocketAddress;

/** A server that runs on a jevent loop: it listens somewhere, and closing it closes every connection. */
interface Server extends AutoCloseable {
    /** Opens a server on {@code base}: {@code EchoExample::listen}, {@code EventServer::new}, ... */
    @FunctionalInterface
    interface Opener {
        Server open(EventBase base, Listen listen) throws IOException;
    }

    /** Where it listens (the chosen port, for port 0). */
    InetSocketAddress address() throws IOException;

    @Override
    void close() throws IOException;
}
