package io.jevent.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/** Listening sockets for the servers that do without {@link io.jevent.listener.ConnListener}. */
final class ServerSockets {
    private ServerSockets() {
    }

    /**
     * Opens a server socket listening where {@code listen} says, with its backlog (the seed's
     * servers ask for 16, which a burst of connecting clients overflows, and Linux then resets some
     * of their connections), and with {@code SO_REUSEADDR} as every seed sets it, so that a
     * restarted server finds its port free at once.
     *
     * @param blocking false for a selector or an event loop, true for a thread that waits in
     *                 {@code accept()}
     * @throws IOException whose message names the address, e.g. when the port is in use
     */
    static ServerSocketChannel listen(Listen listen, boolean blocking) throws IOException {
        InetSocketAddress address = listen.address();
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, listen.backlog());
            channel.configureBlocking(blocking);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + Lifetime.where(address) + ": " + e.getMessage(), e);
        }
    }
}
