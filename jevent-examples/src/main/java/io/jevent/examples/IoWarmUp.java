package io.jevent.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Runs the JDK's socket I/O once, while descriptors are plenty, for the servers that do their own
 * java.nio I/O ({@code rot13-selector}, {@code rot13-threads}).
 *
 * <p>Why: some JDK classes on that path (the native dispatchers behind a channel's read, write and
 * close) open a descriptor of their own while they initialise. A class whose initialisation fails
 * is unusable for the rest of the process, so if the first read, write or close happens while the
 * process is out of descriptors (a crowd of clients under a low {@code ulimit -n}), every later
 * one fails too, with {@code NoClassDefFoundError}: the server never serves again, or dies.
 * Doing each once at start-up initialises them for good.
 */
final class IoWarmUp {
    private IoWarmUp() {
    }

    /**
     * Connects two sockets over the loopback address, sends a byte each way, reads once
     * without blocking, and closes everything.
     *
     * @throws UncheckedIOException if the loopback address cannot be used, which no server can do
     *                              without either
     */
    static void run() {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                exchange(client, accepted, ByteBuffer.allocate(1));
                exchange(accepted, client, ByteBuffer.allocateDirect(1));
                client.configureBlocking(false);
                client.read(ByteBuffer.allocate(1));   // nothing to read: the non-blocking path
                accepted.shutdownOutput();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the loopback address: " + e.getMessage(), e);
        }
    }

    private static void exchange(SocketChannel from, SocketChannel to, ByteBuffer one) throws IOException {
        from.write(ByteBuffer.wrap(new byte[] {'!'}));
        while (one.hasRemaining()) {
            if (to.read(one) < 0) {
                throw new IOException("the loopback connection ended early");
            }
        }
    }
}
