package io.jevent.bench.echo;

import java.net.InetSocketAddress;

/** An echo server under test, running its event loop on one thread of its own. */
public interface EchoServer extends AutoCloseable {
    InetSocketAddress address();

    /** Starts the server's loop thread and returns it, so its allocation and CPU can be measured. */
    Thread start();

    @Override
    void close() throws Exception;
}
