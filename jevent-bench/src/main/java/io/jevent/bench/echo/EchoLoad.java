package io.jevent.bench.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator every echo server faces: {@code connections} TCP connections, each keeping
 * {@code depth} messages of {@code size} bytes in flight, on a few plain java.nio threads so that
 * the generator costs as little CPU as possible (and reports what it cost). Every echoed byte is
 * checked: a message carries its sequence number, then a fixed pattern.
 */
public final class EchoLoad implements AutoCloseable {
    /** What to run. */
    public record Config(int connections, int depth, int size, int threads) {
        public Config {
            if (connections < 1 || depth < 1 || size < 8 || threads < 1) {
                throw new IllegalArgumentException("need connections, depth, threads >= 1 and size >= 8: " + this);
            }
        }

        @Override
        public String toString() {
            return size + " B x " + connections + " conn, depth " + depth;
        }
    }

    /** What one measuring window saw. */
    public record Result(long messages, double seconds, long p50Micros, long p99Micros, double clientCpuShare) {
        public double messagesPerSecond() {
            return messages / seconds;
        }
    }

    private final Config config;
    /** 0 warming up, 1 measuring, 2 window closed. */
    private volatile int phase;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final byte[] pattern;
    /** The pattern part of a message (bytes 8 to size), read-only, for comparing echoes. */
    private final ByteBuffer expected;

    public EchoLoad(Config config, InetSocketAddress server) throws IOException {
        this.config = config;
        this.pattern = new byte[config.size()];
        new java.util.Random(config.size()).nextBytes(pattern);
        this.expected = ByteBuffer.allocateDirect(config.size() - 8).put(pattern, 8, config.size() - 8).flip()
                .asReadOnlyBuffer();
        for (int t = 0; t < config.threads(); t++) {
            workers.add(new Worker());
        }
        for (int c = 0; c < config.connections(); c++) {
            workers.get(c % config.threads()).connect(server);
        }
        for (int t = 0; t < workers.size(); t++) {
            Thread thread = new Thread(workers.get(t)::run, "echo-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Runs {@code warmup}, then measures for {@code window}. */
    public Result measure(Duration warmup, Duration window) throws InterruptedException {
        pause(warmup);
        return measureWindow(count0 -> pause(window));
    }

    /** Runs until {@code warmup} messages completed, then measures {@code count} more. */
    public Result measureMessages(long warmup, long count) throws InterruptedException {
        awaitCompleted(warmup);
        return measureWindow(count0 -> awaitCompleted(count0 + count));
    }

    /** What a window waits for, given the messages completed when it opened. */
    private interface WindowEnd {
        void await(long count0) throws InterruptedException;
    }

    private Result measureWindow(WindowEnd end) throws InterruptedException {
        startWindow();
        long cpu0 = clientCpu();
        long count0 = completed();
        long t0 = System.nanoTime();
        end.await(count0);
        long t1 = System.nanoTime();
        long count1 = completed();
        long cpu1 = clientCpu();
        endWindow();
        return result(count1 - count0, t1 - t0, cpu1 - cpu0);
    }

    /** Latencies are recorded only inside a window; each worker sees the phase change itself. */
    private void startWindow() {
        phase = 1;
    }

    private void endWindow() throws InterruptedException {
        phase = 2;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Worker w : workers) {
            w.selector.wakeup();
            while (!w.windowClosed && w.failure == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a load worker did not close its window within 10 s");
                }
                Thread.sleep(1);
            }
        }
    }

    private Result result(long messages, long nanos, long cpuNanos) {
        failIfBroken();
        LatencyHistogram all = new LatencyHistogram();
        for (Worker w : workers) {
            all.add(w.histogram);
        }
        return new Result(messages, nanos / 1e9, all.percentile(0.50) / 1000, all.percentile(0.99) / 1000,
                cpuNanos / (double) nanos);
    }

    private void awaitCompleted(long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (completed() < target) {
            failIfBroken();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("load stalled at " + completed() + " of " + target + " messages");
            }
            Thread.sleep(1);
        }
    }

    private static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** Messages completed so far by all workers, warm-up included. */
    long completed() {
        long n = 0;
        for (Worker w : workers) {
            n += w.completed;
        }
        return n;
    }

    private long clientCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long n = 0;
        for (Thread t : threads) {
            n += Math.max(0, mx.getThreadCpuTime(t.getId()));
        }
        return n;
    }

    private void failIfBroken() {
        for (Worker w : workers) {
            if (w.failure != null) {
                throw new IllegalStateException("echo load failed: " + w.failure.getMessage(), w.failure);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        workers.forEach(w -> w.running = false);
        workers.forEach(w -> w.selector.wakeup());
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    /** One client thread: a selector over its share of the connections. */
    private final class Worker {
        final Selector selector;
        final List<Conn> conns = new ArrayList<>();
        final LatencyHistogram histogram = new LatencyHistogram();
        volatile long completed;
        volatile boolean running = true;
        volatile boolean windowClosed;
        volatile Throwable failure;
        /** Whether this worker records latencies: only between the window's start and end. */
        boolean recording;

        Worker() throws IOException {
            selector = Selector.open();
        }

        void connect(InetSocketAddress server) throws IOException {
            SocketChannel ch = SocketChannel.open(server);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            conns.add(new Conn(ch));
        }

        void run() {
            try {
                for (Conn c : conns) {
                    c.key = c.ch.register(selector, SelectionKey.OP_READ, c);
                    for (int i = 0; i < config.depth(); i++) {
                        c.queue();
                    }
                    c.flush();
                }
                while (running) {
                    selector.select(key -> ((Conn) key.attachment()).ready(key));
                    int p = phase;
                    if (p == 1 && !recording && !windowClosed) {
                        histogram.reset();
                        recording = true;
                    } else if (p == 2 && !windowClosed) {
                        if (!recording) {
                            // The window opened and closed between two looks: it recorded nothing here.
                            histogram.reset();
                        }
                        recording = false;
                        windowClosed = true;
                    }
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                for (Conn c : conns) {
                    try {
                        c.ch.close();
                    } catch (IOException e) {
                        // Closing at the end of a run: nothing depends on it.
                    }
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    // Same.
                }
            }
        }

        /** One connection: what is being sent, what came back, and when each message left. */
        private final class Conn {
            final SocketChannel ch;
            final ByteBuffer out = ByteBuffer.allocateDirect(config.size() * config.depth());
            final ByteBuffer in = ByteBuffer.allocateDirect(Math.max(64 * 1024, config.size() * 2));
            final ByteBuffer inView = in.duplicate();
            final long[] sentAt = new long[config.depth()];
            int sentHead;
            int sentTail;
            long nextSeq;
            long expectedSeq;
            SelectionKey key;

            Conn(SocketChannel ch) {
                this.ch = ch;
                out.flip();
            }

            void queue() {
                out.compact();
                out.putLong(nextSeq++);
                out.put(pattern, 8, config.size() - 8);
                out.flip();
                sentAt[sentTail] = System.nanoTime();
                sentTail = (sentTail + 1) % config.depth();
            }

            void flush() throws IOException {
                ch.write(out);
                int ops = out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
                if (key.interestOps() != ops) {
                    key.interestOps(ops);
                }
            }

            void ready(SelectionKey k) {
                try {
                    if (k.isReadable()) {
                        if (ch.read(in) < 0) {
                            throw new IOException("the server closed connection " + ch);
                        }
                        in.flip();
                        int size = config.size();
                        while (in.remaining() >= size) {
                            check(in.position());
                            in.position(in.position() + size);
                            if (recording) {
                                histogram.record(System.nanoTime() - sentAt[sentHead]);
                            }
                            sentHead = (sentHead + 1) % config.depth();
                            completed++;
                            queue();
                        }
                        in.compact();
                    }
                    flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            private void check(int at) throws IOException {
                long seq = in.getLong(at);
                if (seq != expectedSeq) {
                    throw new IOException("expected message " + expectedSeq + " but got " + seq + " on " + ch);
                }
                expectedSeq++;
                // A vectorized comparison of the pattern part, through a view made once per connection.
                inView.limit(at + config.size()).position(at + 8);
                if (inView.mismatch(expected) != -1) {
                    throw new IOException("message " + seq + " came back with other bytes on " + ch);
                }
            }
        }
    }
}
