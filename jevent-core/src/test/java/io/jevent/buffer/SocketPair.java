package io.jevent.buffer;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/** Two connected non-blocking loopback sockets, and a way to move bytes through them from one thread. */
final class SocketPair implements AutoCloseable {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    final SocketChannel writer;
    final SocketChannel reader;

    private SocketPair(SocketChannel writer, SocketChannel reader) {
        this.writer = writer;
        this.reader = reader;
    }

    static SocketPair open() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel w = SocketChannel.open(server.getLocalAddress());
            SocketChannel r = server.accept();
            w.configureBlocking(false);
            r.configureBlocking(false);
            return new SocketPair(w, r);
        }
    }

    /**
     * Writes {@code out} to the writer socket and reads the reader socket into {@code in} until
     * {@code in} has {@code total} more bytes, waiting on a selector (never sleeping) when neither
     * side can move, and failing after ten seconds.
     */
    void pump(EvBuffer out, EvBuffer in, long total) throws IOException {
        long target = in.length() + total;
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        try (Selector selector = Selector.open()) {
            SelectionKey wk = writer.register(selector, 0);
            reader.register(selector, SelectionKey.OP_READ);
            while (in.length() < target) {
                long w = out.length() > 0 ? out.write(writer) : 0;
                int r = in.read(reader, -1);
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
        writer.close();
        reader.close();
    }
}
