package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.buffer.EolStyle;
import io.jevent.listener.ConnListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pool article's design, made safe: a server keeps a pool of connection objects, each owning one
 * BufferEvent that is reused for every new socket. Whatever the previous connection left in the
 * buffers must never reach the next one.
 */
class ConnectionPoolTest {

    /** A pooled connection: answers each line with "conn-ID saw LINE". */
    static final class Connection {
        final int id;
        final SocketBufferEvent bev;
        int served;

        Connection(int id, EventBase base, ArrayDeque<Connection> idle) {
            this.id = id;
            this.bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> {
                String line;
                while ((line = b.input().readLine(EolStyle.LF, StandardCharsets.UTF_8)) != null) {
                    b.write(("conn-" + id + " saw " + line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }, null, (b, what) -> {
                if ((what & (BevEvent.EOF | BevEvent.ERROR)) != 0) {
                    // Back to the pool: close the socket, forget the rest, keep the callbacks.
                    bev.reuse(null);
                    idle.add(this);
                }
            });
            bev.enable(Ev.READ | Ev.WRITE);
        }
    }

    @Test
    void pooledBufferEventsServeManyConnectionsWithoutLeakingDataBetweenThem() throws Exception {
        try (EventBase base = new EventBase()) {
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            for (int i = 0; i < 3; i++) {
                idle.add(new Connection(i, base, idle));
            }
            try (ConnListener listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    -1, (lev, ch, peer) -> {
                        Connection c = idle.poll();
                        if (c == null) {
                            SocketChannelCloser.close(ch);
                            return;
                        }
                        c.served++;
                        c.bev.reuse(ch);
                    }, ConnListener.Option.CLOSE_ON_FREE)) {
                List<String> answers = new ArrayList<>();
                for (int round = 0; round < 10; round++) {
                    SocketChannel client = SocketChannel.open(listener.localAddress());
                    client.configureBlocking(false);
                    SocketBufferEvent clientBev = BufferEvent.socket(base, client, BevOption.CLOSE_ON_FREE);
                    StringBuilder got = new StringBuilder();
                    clientBev.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null, null);
                    clientBev.enable(Ev.READ | Ev.WRITE);
                    // Leave a partial line behind in the server's input: it must not survive.
                    clientBev.write(("round " + round + "\npartial-without-newline").getBytes(StandardCharsets.UTF_8));
                    runUntil(base, () -> got.indexOf("\n") >= 0);
                    answers.add(got.toString().trim());
                    clientBev.close();
                    int expectedIdle = 3;
                    runUntil(base, () -> idle.size() == expectedIdle);
                }
                for (int round = 0; round < 10; round++) {
                    assertThat(answers.get(round)).matches("conn-\\d saw round " + round);
                }
                assertThat(idle.stream().mapToInt(c -> c.served).sum()).isEqualTo(10);
                for (Connection c : idle) {
                    assertThat(c.bev.input().length()).isZero();
                    assertThat(c.bev.output().length()).isZero();
                    c.bev.close();
                }
            }
        }
    }

    /** Closes a channel the pool has no room for. */
    static final class SocketChannelCloser {
        static void close(SocketChannel ch) {
            try {
                ch.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
