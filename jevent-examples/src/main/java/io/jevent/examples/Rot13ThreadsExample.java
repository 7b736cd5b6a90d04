package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The async I/O introduction's forking ROT13 server with a thread instead of a process per client: blocking sockets,
 * plain loops and local variables, no buffering by hand, and one thread's stack for every client
 * (which is why the article moves on to select() and libevent).
 *
 * <p>The sockets are blocking {@link SocketChannel}s, not {@code java.net.Socket}s, because a thread
 * blocked on a channel can be interrupted: stopping closes the listening socket, which ends
 * {@code accept()}, and interrupts every client thread, which closes its channel and ends it.
 *
 * <p>A blocking read or write has no timeout of its own, so a watchdog thread closes the channel of
 * a client that moved no byte either way for the idle timeout; the blocked thread then ends. The
 * JDK's socket I/O is run once at start-up ({@link IoWarmUp}) so that running out of descriptors
 * cannot break it for good, and an accepted channel is closed whatever goes wrong with it.
 */
final class Rot13ThreadsExample extends Example {
    static final long ACCEPT_PAUSE_MS = 100;
    private static final long STOP_TIMEOUT_S = 10;

    Rot13ThreadsExample() {
        super("rot13-threads " + Lifetime.SERVER_USAGE,
                "the same ROT13 server with blocking sockets and a thread per client (port "
                + Rot13Example.PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Listen listen = Listen.parse(args, "port", Rot13Example.PORT, Listen.IDLE);
        IoWarmUp.run();
        ExecutorService clients = Executors.newCachedThreadPool();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rot13-threads-idle");
            t.setDaemon(true);
            return t;
        });
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                ServerSocketChannel listening = ServerSockets.listen(listen, true)) {
            life.onStop(() -> close(listening));
            life.listening(listening.getLocalAddress());
            while (!life.stopping()) {
                SocketChannel client;
                try {
                    client = listening.accept();
                } catch (ClosedChannelException stopped) {
                    break;
                } catch (IOException e) {
                    // Out of descriptors, for example: accept() would fail again at once, so wait a little.
                    err.println(name() + ": accept failed, pausing " + ACCEPT_PAUSE_MS + " ms: " + e.getMessage());
                    Thread.sleep(ACCEPT_PAUSE_MS);
                    continue;
                }
                try {
                    Idle idle = new Idle(client, watchdog, listen.idleTimeout());
                    clients.execute(() -> serve(client, idle, err));
                } catch (RuntimeException | OutOfMemoryError e) {
                    // No thread for it (the system's limit on threads, say): say so, and never leak it.
                    err.println(name() + ": cannot serve a client, pausing " + ACCEPT_PAUSE_MS + " ms: " + e);
                    close(client);
                    Thread.sleep(ACCEPT_PAUSE_MS);
                }
            }
            return life.stopped();
        } finally {
            watchdog.shutdownNow();
            clients.shutdownNow();
            if (!clients.awaitTermination(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                err.println(name() + ": some client threads did not stop in " + STOP_TIMEOUT_S + " s");
            }
        }
    }

    /** One client, on its own thread: read, answer each line, until the client ends or we stop. */
    private static void serve(SocketChannel client, Idle idle, PrintStream err) {
        String peer = "a client";
        try (client; idle) {
            peer = Lifetime.where(client.getRemoteAddress());
            ByteBuffer received = ByteBuffer.allocate(4096);
            Rot13.Line line = new Rot13.Line();
            while (client.read(received.clear()) >= 0) {
                idle.moved();
                received.flip();
                for (ByteBuffer answer = line.take(received); answer != null; answer = line.take(received)) {
                    client.write(answer);   // a blocking channel writes it all
                    idle.moved();
                    line.sent();
                }
            }
            ByteBuffer rest = line.rest();
            if (rest != null) {
                client.write(rest);
            }
        } catch (ClosedChannelException stopped) {
            // Interrupted by the server stopping, or closed by the watchdog: nothing to report.
        } catch (IOException e) {
            err.println("rot13-threads: " + peer + ": " + Lifetime.describe(e));
        } catch (RuntimeException | LinkageError e) {
            // The channel is closed all the same (try-with-resources); the other clients go on.
            err.println("rot13-threads: " + peer + ": " + e);
        }
    }

    private static void close(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is listening or connected any more either way.
        }
    }

    /**
     * Closes a client's channel once no byte moved for the idle timeout: a check on the watchdog
     * thread, due when the timeout would end, that looks again if the client moved meanwhile.
     */
    private static final class Idle implements AutoCloseable {
        private final SocketChannel channel;
        private final ScheduledExecutorService watchdog;
        private final long timeoutNanos;
        private volatile long lastMoved = System.nanoTime();
        private volatile Future<?> check;

        Idle(SocketChannel channel, ScheduledExecutorService watchdog, Duration timeout) {
            this.channel = channel;
            this.watchdog = watchdog;
            this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
            if (timeoutNanos > 0) {
                check = watchdog.schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }

        /** A byte moved: the client's thread. */
        void moved() {
            lastMoved = System.nanoTime();
        }

        private void check() {
            long quiet = System.nanoTime() - lastMoved;
            if (quiet >= timeoutNanos) {
                Rot13ThreadsExample.close(channel);   // its blocked read or write ends with an exception
            } else if (channel.isOpen()) {
                check = watchdog.schedule(this::check, timeoutNanos - quiet, TimeUnit.NANOSECONDS);
            }
        }

        /** The client is done: no more checks. */
        @Override
        public void close() {
            Future<?> c = check;
            if (c != null) {
                c.cancel(false);
            }
        }
    }
}
