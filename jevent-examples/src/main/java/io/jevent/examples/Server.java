package io.jevent.examples;

import io.jevent.EventBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/** A server that runs on a jevent loop: it listens somewhere, and closing it closes every connection. */
interface Server extends AutoCloseable {
    /** Opens a server on {@code base}: {@code EchoExample::listen}, {@code EventServer::new}, ... */
    @FunctionalInterface
    interface Opener {
        Server open(EventBase base, Listen listen) throws IOException;
    }

    /** Where it listens (the chosen port, for port 0). */
    InetSocketAddress address() throws IOException;

    /**
     * Stops taking new work and lets the open connections finish what they already accepted, for
     * at most {@code limit}, then hands {@code drained} a line saying how that went (null for
     * nothing to say). Loop thread. A server that keeps nothing on behalf of its clients has
     * nothing to finish: by default it is drained at once.
     */
    default void drain(Duration limit, Consumer<String> drained) {
        drained.accept(null);
    }

    @Override
    void close() throws IOException;
}
