package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The async I/O introduction's forking ROT13 server with a thread instead of a process per client: blocking sockets,
 * plain loops and local variables, no buffering by hand, and one thread's stack for every client
 * (which is why the article moves on to select() and libevent).
 *
 * <p>The sockets are blocking {@link SocketChannel}s, not {@code java.net.Socket}s, because a thread
 * blocked on a channel can be interrupted: stopping closes the listening socket, which ends
 * {@code accept()}, and interrupts every client thread, which closes its channel and ends it.
 */
final class Rot13ThreadsExample extends Example {
    static final long ACCEPT_PAUSE_MS = 100;
    private static final long STOP_TIMEOUT_S = 10;

    Rot13ThreadsExample() {
        super("rot13-threads [--port P] [--bind ADDR] [--seconds N]",
                "the same ROT13 server with blocking sockets and a thread per client (port "
                + Rot13Example.PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        ExecutorService clients = Executors.newCachedThreadPool();
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                ServerSocketChannel listening = ServerSockets.listen(args.listenAddress("port", Rot13Example.PORT), true)) {
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
                clients.execute(() -> serve(client, err));
            }
            return life.stopped();
        } finally {
            clients.shutdownNow();
            if (!clients.awaitTermination(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                err.println(name() + ": some client threads did not stop in " + STOP_TIMEOUT_S + " s");
            }
        }
    }

    /** One client, on its own thread: read, answer each line, until the client ends or we stop. */
    private static void serve(SocketChannel client, PrintStream err) {
        String peer = "a client";
        try (client) {
            peer = Lifetime.where(client.getRemoteAddress());
            ByteBuffer received = ByteBuffer.allocate(4096);
            Rot13.Line line = new Rot13.Line();
            while (client.read(received.clear()) >= 0) {
                received.flip();
                for (ByteBuffer answer = line.take(received); answer != null; answer = line.take(received)) {
                    client.write(answer);   // a blocking channel writes it all
                    line.sent();
                }
            }
            ByteBuffer rest = line.rest();
            if (rest != null) {
                client.write(rest);
            }
        } catch (ClosedChannelException stopped) {
            // Interrupted by the server stopping: the channel is closed, nothing to report.
        } catch (IOException e) {
            err.println("rot13-threads: " + peer + ": " + Lifetime.describe(e));
        }
    }

    private static void close(ServerSocketChannel listening) {
        try {
            listening.close();
        } catch (IOException e) {
            // Nothing is listening any more either way.
        }
    }
}
