package io.jevent.bench.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Drives many {@link Client}s over one selector on the calling thread: connects them a batch at a
 * time (so that a burst does not overflow the server's listen backlog more than asked), runs each
 * client's {@link Client.Mode}, checks every echoed byte, and adds it all up in a {@link Tally}.
 * Not thread-safe: one thread runs an engine from start to close.
 */
final class ClientEngine implements AutoCloseable {
    private static final int IO_SIZE = 64 * 1024;

    final Tally tally = new Tally();
    private final InetSocketAddress target;
    private final Selector selector;
    private final ByteBuffer out = ByteBuffer.allocateDirect(IO_SIZE);
    private final ByteBuffer in = ByteBuffer.allocateDirect(IO_SIZE);
    /** What should come back for the bytes in {@link #out}: the same bytes, or their ROT13. */
    private final ByteBuffer expected = ByteBuffer.allocateDirect(IO_SIZE);
    /** Talk to a ROT13 line server (lines of letters) instead of an echo server (any bytes). */
    private boolean rot13;
    private final ArrayDeque<Client> toConnect = new ArrayDeque<>();
    private final List<Client> clients = new ArrayList<>();
    private final int maxConnecting;
    private int connecting;
    /** Clients not done that must finish by themselves: ping-pong, half-close, reset. */
    private int active;

    /**
     * @param maxConnecting connection attempts in flight at once; the rest wait their turn
     */
    ClientEngine(InetSocketAddress target, int maxConnecting) throws IOException {
        this.target = target;
        this.maxConnecting = maxConnecting;
        this.selector = Selector.open();
    }

    /** Makes every client send lines of letters and expect their ROT13 back. */
    void rot13(boolean on) {
        rot13 = on;
    }

    private byte sendByte(int id, long offset) {
        return rot13 ? Client.text(id, offset) : Client.at(id, offset);
    }

    private byte replyByte(int id, long offset) {
        return rot13 ? Client.rot13(Client.text(id, offset)) : Client.at(id, offset);
    }

    void add(Client c) {
        clients.add(c);
        toConnect.add(c);
        if (c.mode != Client.Mode.IDLE && c.mode != Client.Mode.NO_READ) {
            active++;
        }
    }

    List<Client> clients() {
        return clients;
    }

    boolean allConnected() {
        return toConnect.isEmpty() && connecting == 0;
    }

    boolean activeDone() {
        return allConnected() && active == 0;
    }

    /** Asks every client that runs until told to finish its message in flight and close. */
    void stop() {
        for (Client c : clients) {
            c.stopRequested = true;
        }
    }

    /** Idle clients each make one round trip of one byte: were they kept alive by the server? */
    void checkIdle() throws IOException {
        for (Client c : clients) {
            if (c.mode == Client.Mode.IDLE && !c.done && c.channel != null) {
                c.mode = Client.Mode.PING_PONG;
                c.total = 1;
                c.message = 1;
                active++;
                startMessage(c);
            }
        }
    }

    /**
     * Runs the clients until {@code until} holds or the clock reaches {@code deadlineNanos}.
     *
     * @return true if {@code until} held
     */
    boolean run(BooleanSupplier until, long deadlineNanos) throws IOException {
        while (true) {
            startConnects();
            if (until.getAsBoolean()) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            selector.select(Math.max(1, Math.min(100, left / 1_000_000)));
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                Client c = (Client) k.attachment();
                if (!k.isValid() || c.done) {
                    continue;
                }
                try {
                    if (k.isConnectable()) {
                        finishConnect(c);
                    } else {
                        if (k.isReadable()) {
                            read(c);
                        }
                        if (!c.done && k.isValid() && k.isWritable()) {
                            write(c);
                        }
                    }
                } catch (IOException e) {
                    failed(c, e);
                }
            }
        }
    }

    private void startConnects() {
        while (connecting < maxConnecting && !toConnect.isEmpty()) {
            Client c = toConnect.poll();
            try {
                SocketChannel ch = SocketChannel.open();
                c.channel = ch;
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (ch.connect(target)) {
                    c.key = ch.register(selector, 0, c);
                    connected(c);
                } else {
                    c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                    c.connecting = true;
                    connecting++;
                }
            } catch (IOException e) {
                tally.connectFailures++;
                tally.error("connect: " + e.getMessage());
                end(c);
            }
        }
    }

    private void finishConnect(Client c) {
        c.connecting = false;
        connecting--;
        try {
            c.channel.finishConnect();
        } catch (IOException e) {
            tally.connectFailures++;
            tally.error("connect: " + e.getMessage());
            end(c);
            return;
        }
        try {
            connected(c);
        } catch (IOException e) {
            failed(c, e);
        }
    }

    private void connected(Client c) throws IOException {
        tally.connected++;
        switch (c.mode) {
            case IDLE -> c.key.interestOps(SelectionKey.OP_READ);
            case NO_READ -> {
                c.key.interestOps(SelectionKey.OP_WRITE);
                write(c);
            }
            case PING_PONG -> startMessage(c);
            default -> {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                write(c);
            }
        }
    }

    private void startMessage(Client c) throws IOException {
        c.messageEnd = c.sent + Math.min(c.message, c.total - c.sent);
        c.messageStart = System.nanoTime();
        c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        write(c);
    }

    private void write(Client c) throws IOException {
        long limit = c.mode == Client.Mode.PING_PONG ? c.messageEnd
                : c.mode == Client.Mode.RESET_MID_WRITE ? c.total / 2 : c.total;
        while (c.sent < limit) {
            int n = (int) Math.min(IO_SIZE, limit - c.sent);
            out.clear();
            for (int i = 0; i < n; i++) {
                out.put(i, sendByte(c.id, c.sent + i));
            }
            out.limit(n);
            int w = c.channel.write(out);
            if (w > 0) {
                // The checksum is of what should come back, so that it can be compared with the reply's.
                expected.clear();
                for (int i = 0; i < w; i++) {
                    expected.put(i, replyByte(c.id, c.sent + i));
                }
                expected.limit(w);
                c.sentCrc.update(expected);
                c.sent += w;
            }
            if (w < n) {
                return;   // the socket is full: OP_WRITE stays on
            }
        }
        switch (c.mode) {
            case RESET_MID_WRITE -> {
                c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                tally.completed++;
                end(c);
            }
            case HALF_CLOSE -> {
                c.channel.shutdownOutput();
                c.key.interestOps(SelectionKey.OP_READ);
            }
            case PING_PONG -> c.key.interestOps(SelectionKey.OP_READ);
            default -> c.key.interestOps(0);
        }
    }

    private void read(Client c) throws IOException {
        in.clear();
        int n = c.channel.read(in);
        if (n < 0) {
            if (c.mode == Client.Mode.HALF_CLOSE && c.echoed == c.total) {
                complete(c);
            } else {
                tally.earlyEofs++;
                tally.error("EOF from the server after " + c.echoed + " of " + c.sent + " bytes came back");
                end(c);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (in.get(i) != replyByte(c.id, c.echoed + i)) {
                tally.bytesCorrupt++;
            }
        }
        in.flip();
        c.echoCrc.update(in);
        c.echoed += n;
        if (c.mode == Client.Mode.PING_PONG && c.echoed >= c.messageEnd) {
            tally.latency(System.nanoTime() - c.messageStart);
            if (c.sent >= c.total || c.stopRequested) {
                complete(c);
            } else {
                startMessage(c);
            }
        }
    }

    private void complete(Client c) {
        tally.completed++;
        if (c.sentCrc.getValue() != c.echoCrc.getValue() || c.sent != c.echoed) {
            tally.checksumMismatches++;
        }
        end(c);
    }

    private void failed(Client c, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("reset") || m.contains("Broken pipe")) {
            tally.resets++;
        } else {
            tally.errors++;
        }
        tally.error(e.getClass().getSimpleName() + ": " + m);
        end(c);
    }

    /** Closes a client for good and adds its bytes to the tally. */
    private void end(Client c) {
        if (c.done) {
            return;
        }
        c.done = true;
        if (c.connecting) {
            c.connecting = false;
            connecting--;
        }
        if (c.mode != Client.Mode.IDLE && c.mode != Client.Mode.NO_READ) {
            active--;
        }
        tally.bytesSent += c.sent;
        tally.bytesEchoed += c.echoed;
        if (c.expectsEcho()) {
            tally.bytesLost += c.sent - c.echoed;
        }
        try {
            if (c.channel != null) {
                c.channel.close();
            }
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to learn from it
        }
    }

    /** Counts the clients that should have finished and did not, then closes everything. */
    @Override
    public void close() throws IOException {
        for (Client c : clients) {
            if (!c.done && c.mode != Client.Mode.IDLE && c.mode != Client.Mode.NO_READ) {
                tally.unfinished++;
                tally.bytesSent += c.sent;
                tally.bytesEchoed += c.echoed;
                c.done = true;
            }
            if (c.channel != null) {
                c.channel.close();
            }
        }
        selector.close();
    }
}
