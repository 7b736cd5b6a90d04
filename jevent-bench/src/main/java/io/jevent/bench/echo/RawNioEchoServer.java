package io.jevent.bench.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The ceiling: the simplest one-thread java.nio echo server. One direct buffer per connection; read,
 * then write it back; only when the kernel does not take everything, wait for writability and stop
 * reading meanwhile. No library machinery at all.
 */
public final class RawNioEchoServer implements EchoServer {
    private static final int BUFFER = 64 * 1024;
    private final Selector selector;
    private final ServerSocketChannel server;
    private volatile boolean running = true;
    private Thread thread;

    public RawNioEchoServer(InetSocketAddress address) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(address, 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String backend() {
        return "nio";
    }

    @Override
    public Thread start() {
        thread = new Thread(this::run, "raw-nio-echo");
        thread.start();
        return thread;
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::ready);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                SocketChannel ch;
                while ((ch = server.accept()) != null) {
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(BUFFER));
                }
                return;
            }
            SocketChannel ch = (SocketChannel) key.channel();
            ByteBuffer buf = (ByteBuffer) key.attachment();
            if (key.isWritable()) {
                ch.write(buf);
                if (!buf.hasRemaining()) {
                    buf.clear();
                    key.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
            if (ch.read(buf) < 0) {
                key.cancel();
                ch.close();
                return;
            }
            buf.flip();
            ch.write(buf);
            if (buf.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
            } else {
                buf.clear();
            }
        } catch (IOException e) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // The connection is gone either way.
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        thread.join(10_000);
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}
