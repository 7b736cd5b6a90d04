package io.jevent.bench.echo;

import java.net.InetSocketAddress;

/** An echo server under test, running its event loop on one thread of its own. */
public interface EchoServer extends AutoCloseable {
    InetSocketAddress address();

    /**
     * The readiness mechanism the server's loop really waits with, as the library reports it:
     * {@code "nio"}, {@code "epoll"}, {@code "io_uring"}. The comparison checks it against the one
     * asked for, so that a quiet fallback cannot pass for the native backend.
     */
    String backend();

    /** Starts the server's loop thread and returns it, so its allocation and CPU can be measured. */
    Thread start();

    @Override
    void close() throws Exception;
}
