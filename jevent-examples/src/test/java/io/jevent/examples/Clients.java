package io.jevent.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Many test clients at once on one selector and one thread: each runs its script of sends, then
 * ends its side (half-close) and reads until the server closes the connection. Every client stays
 * connected until it is done, so a thousand clients are a thousand concurrent connections.
 */
final class Clients {
    /** Connects in flight at once: more would only overflow the server's listen backlog. */
    private static final int MAX_CONNECTING = 64;

    /**
     * Send {@code data}, then wait until the client has received {@code awaitTotal} bytes in all
     * before the next step.
     */
    record Step(byte[] data, long awaitTotal) {
    }

    private Clients() {
    }

    /** Each request is sent whole; the answers are what each client received, in order. */
    static List<byte[]> exchange(InetSocketAddress server, List<byte[]> requests, Duration timeout) throws IOException {
        List<List<Step>> scripts = new ArrayList<>();
        for (byte[] r : requests) {
            scripts.add(List.of(new Step(r, 0)));
        }
        return run(server, scripts, timeout);
    }

    /** Runs every script at once, bounded by {@code timeout}; returns what each client received. */
    static List<byte[]> run(InetSocketAddress server, List<List<Step>> scripts, Duration timeout) throws IOException {
        List<Client> clients = new ArrayList<>();
        ArrayDeque<Client> waiting = new ArrayDeque<>();
        for (List<Step> script : scripts) {
            Client c = new Client(script);
            clients.add(c);
            waiting.add(c);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
        int connecting = 0;
        int done = 0;
        try (Selector selector = Selector.open()) {
            while (done < clients.size()) {
                while (connecting < MAX_CONNECTING && !waiting.isEmpty()) {
                    waiting.poll().connect(server, selector);
                    connecting++;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(done + " of " + clients.size() + " clients done in " + timeout);
                }
                selector.select(Math.max(1, left / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    Client c = (Client) key.attachment();
                    if (key.isConnectable()) {
                        c.channel.finishConnect();
                        connecting--;
                    }
                    if (key.isReadable()) {
                        c.read(chunk);
                    }
                    if (!c.finished) {
                        c.write();
                    }
                    if (c.finished) {
                        c.channel.close();
                        done++;
                    } else {
                        key.interestOps(SelectionKey.OP_READ | (c.wantsToWrite() ? SelectionKey.OP_WRITE : 0));
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            for (Client c : clients) {
                c.channel.close();
            }
        }
        List<byte[]> answers = new ArrayList<>();
        for (Client c : clients) {
            answers.add(c.received.toByteArray());
        }
        return answers;
    }

    private static final class Client {
        final SocketChannel channel;
        final List<Step> script;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int step;
        ByteBuffer sending;
        boolean ended;
        boolean finished;

        Client(List<Step> script) throws IOException {
            this.script = script;
            this.channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }

        void connect(InetSocketAddress server, Selector selector) throws IOException {
            channel.connect(server);
            channel.register(selector, SelectionKey.OP_CONNECT, this);
        }

        void read(ByteBuffer chunk) throws IOException {
            while (true) {
                chunk.clear();
                int n = channel.read(chunk);
                if (n < 0) {
                    finished = true;
                    return;
                }
                if (n == 0) {
                    return;
                }
                chunk.flip();
                byte[] bytes = new byte[n];
                chunk.get(bytes);
                received.writeBytes(bytes);
            }
        }

        /** Sends what the script says, as far as the socket takes it now. */
        void write() throws IOException {
            while (!ended) {
                if (sending == null) {
                    if (step == script.size()) {
                        channel.shutdownOutput();
                        ended = true;
                        return;
                    }
                    sending = ByteBuffer.wrap(script.get(step).data());
                }
                channel.write(sending);
                if (sending.hasRemaining() || received.size() < script.get(step).awaitTotal()) {
                    return;
                }
                sending = null;
                step++;
            }
        }

        /** Whether a send waits for room in the socket (not for an answer: reading drives that). */
        boolean wantsToWrite() {
            return !ended && sending != null && sending.hasRemaining();
        }
    }
}
