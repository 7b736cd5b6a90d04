package io.jevent.bench.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The TLS load both TLS echo servers face: {@code connections} TLS connections, each keeping
 * {@code depth} messages of {@code size} bytes in flight, driven by the JDK's {@link SSLEngine}
 * over plain java.nio on one thread, so that it owes nothing to either server's library. A message
 * is complete when {@code size} more plaintext bytes came back on its connection; handshakes are
 * done, blocking, before the load starts, so that only echoes are measured.
 */
final class TlsEchoLoad implements AutoCloseable {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EchoLoad.Config config;
    private final Selector selector;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicLong completed = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    TlsEchoLoad(EchoLoad.Config config, InetSocketAddress server, SSLContext context) throws IOException {
        this.config = config;
        this.selector = Selector.open();
        byte[] message = new byte[config.size()];
        new Random(config.size()).nextBytes(message);
        for (int i = 0; i < config.connections(); i++) {
            Connection c = new Connection(server, TlsEchoSetup.restrict(
                    context.createSSLEngine(TlsEchoSetup.SERVER_NAME, server.getPort())), message);
            connections.add(c);
        }
        thread = new Thread(this::run, "tls-echo-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs for {@code warmup}, then counts the messages echoed in {@code window}. */
    EchoLoad.Result measure(Duration warmup, Duration window) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        check();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(thread.getId());
        long count0 = completed.get();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long count1 = completed.get();
        long t1 = System.nanoTime();
        long cpu1 = mx.getThreadCpuTime(thread.getId());
        check();
        return new EchoLoad.Result(count1 - count0, (t1 - t0) / 1e9, 0, 0, (cpu1 - cpu0) / (double) (t1 - t0));
    }

    private void check() {
        if (failure != null) {
            throw new IllegalStateException("the TLS load failed", failure);
        }
    }

    private void run() {
        try {
            for (Connection c : connections) {
                c.start();
            }
            while (!stopping) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isReadable()) {
                        c.read();
                    }
                    if (key.isValid() && key.isWritable()) {
                        c.flush();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** One TLS connection: its engine, its ciphertext buffers, and the plaintext still due. */
    private final class Connection {
        private final SocketChannel channel;
        private final SSLEngine engine;
        private final ByteBuffer message;
        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private final ByteBuffer appIn;
        private SelectionKey key;
        /** Plaintext bytes received towards the current message. */
        private long received;

        Connection(InetSocketAddress server, SSLEngine engine, byte[] message) throws IOException {
            this.engine = engine;
            this.message = ByteBuffer.wrap(message);
            int packet = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocateDirect(packet * 4);
            netOut = ByteBuffer.allocateDirect(packet * (config.depth() + 2));
            appIn = ByteBuffer.allocateDirect(engine.getSession().getApplicationBufferSize() * 2);
            channel = SocketChannel.open(server);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            engine.setUseClientMode(true);
            handshake();
            channel.configureBlocking(false);
        }

        /** The handshake, blocking: the channel is still in blocking mode. */
        private void handshake() throws IOException {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        netOut.clear();
                        engine.wrap(EMPTY, netOut);
                        netOut.flip();
                        while (netOut.hasRemaining()) {
                            channel.write(netOut);
                        }
                        netOut.clear();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        netIn.flip();
                        SSLEngineResult r = engine.unwrap(netIn, appIn);
                        netIn.compact();
                        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(netIn) < 0) {
                            throw new SSLException("the server closed during the handshake");
                        }
                    }
                    case NEED_TASK -> {
                        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                            task.run();
                        }
                    }
                    default -> {
                        return;
                    }
                }
            }
        }

        void start() throws IOException {
            key = channel.register(selector, SelectionKey.OP_READ, this);
            for (int i = 0; i < config.depth(); i++) {
                send();
            }
        }

        private void send() throws IOException {
            message.clear();
            while (message.hasRemaining()) {
                SSLEngineResult r = engine.wrap(message, netOut);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("wrap: " + r);
                }
            }
            flush();
        }

        void flush() throws IOException {
            netOut.flip();
            channel.write(netOut);
            netOut.compact();
            key.interestOps(netOut.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            if (channel.read(netIn) < 0) {
                throw new SSLException("the server closed the connection");
            }
            netIn.flip();
            while (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    break;
                }
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("unwrap: " + r);
                }
                received += appIn.position();
                appIn.clear();
                while (received >= config.size()) {
                    received -= config.size();
                    completed.incrementAndGet();
                    send();
                }
            }
            netIn.compact();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        thread.join(10_000);
        for (Connection c : connections) {
            try {
                c.channel.close();
            } catch (IOException e) {
                // Tearing the load down; the server sees the connection end either way.
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
