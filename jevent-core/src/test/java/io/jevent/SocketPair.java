package io.jevent;

import io.jevent.buffer.EvBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Two connected, non-blocking TCP sockets on 127.0.0.1, for tests. */
public final class SocketPair implements AutoCloseable {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

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

    /**
     * Writes {@code out} to {@code left} and reads {@code right} into {@code in} until {@code in}
     * has {@code total} more bytes, from this one thread: waits on a selector (never sleeping) when
     * neither side can move, and fails after ten seconds.
     */
    public void pump(EvBuffer out, EvBuffer in, long total) throws IOException {
        long target = in.length() + total;
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        try (Selector selector = Selector.open()) {
            SelectionKey wk = left.register(selector, 0);
            right.register(selector, SelectionKey.OP_READ);
            while (in.length() < target) {
                long w = out.length() > 0 ? out.write(left) : 0;
                int r = in.read(right, -1);
                if (r < 0) {
                    throw new EOFException("peer closed after " + in.length() + " of " + target + " bytes");
                }
                if (w == 0 && r == 0) {
                    wk.interestOps(out.length() > 0 ? SelectionKey.OP_WRITE : 0);
                    selector.select(100);
                    selector.selectedKeys().clear();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out with " + in.length() + " of " + target + " bytes");
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        left.close();
        right.close();
    }
}
