package io.jevent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Two connected, non-blocking TCP sockets on 127.0.0.1, for tests. */
public final class SocketPair implements AutoCloseable {
    public final SocketChannel left;
    public final SocketChannel right;

    private SocketPair(SocketChannel left, SocketChannel right) {
        this.left = left;
        this.right = right;
    }

    public static SocketPair open() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel left = SocketChannel.open(server.getLocalAddress());
            SocketChannel right = server.accept();
            left.configureBlocking(false);
            right.configureBlocking(false);
            return new SocketPair(left, right);
        }
    }

    public static void write(SocketChannel ch, String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads what is available now, without waiting; "" if nothing, null at end of stream. */
    public static String readAvailable(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        int n = ch.read(b);
        if (n < 0) {
            return null;
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    public static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        left.close();
        right.close();
    }
}
