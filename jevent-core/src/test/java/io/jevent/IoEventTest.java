package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoEventTest {

    @Test
    void simpleReadRunsTheCallbackOnceWithRead() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<String> got = new ArrayList<>();
            Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> {
                assertThat(what).isEqualTo(Ev.READ);
                got.add(read(pair.right));
            });
            reader.add();
            SocketPair.write(pair.left, "hello");

            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(got).containsExactly("hello");
            assertThat(reader.pending(Ev.READ)).isZero();
        }
    }

    @Test
    void simpleWriteFiresOnAWritableSocket() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<Integer> whats = new ArrayList<>();
            Event writer = base.newEvent(pair.left, Ev.WRITE, (ev, what) -> {
                whats.add(what);
                write(pair.left, "data");
            });
            writer.add();
            base.dispatch();
            assertThat(whats).containsExactly(Ev.WRITE);
            assertThat(readBlocking(pair.right, 4)).isEqualTo("data");
        }
    }

    @Test
    void nonPersistentEventReAddedFromItsCallbackKeepsReading() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            StringBuilder got = new StringBuilder();
            Event[] self = new Event[1];
            self[0] = base.newEvent(pair.right, Ev.READ, (ev, what) -> {
                String s = read(pair.right);
                if (s == null) {
                    return;
                }
                got.append(s);
                ev.add();
                if (got.length() == 2) {
                    SocketPair.closeQuietly(pair.left);
                } else {
                    write(pair.left, "b");
                }
            });
            self[0].add();
            write(pair.left, "a");
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(got).hasToString("ab");
        }
    }

    @Test
    void persistentReadStaysPendingUntilDeleted() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<String> got = new ArrayList<>();
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> {
                String s = read(pair.right);
                if (s == null) {
                    ev.del();
                    return;
                }
                got.add(s);
                if (got.size() < 3) {
                    write(pair.left, "m" + got.size());
                } else {
                    SocketPair.closeQuietly(pair.left);
                }
            });
            reader.add();
            write(pair.left, "m0");
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(got).containsExactly("m0", "m1", "m2");
            assertThat(reader.pending(Ev.READ)).isZero();
        }
    }

    @Test
    void multipleEventsOnOneChannelAllFire() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<String> fired = new ArrayList<>();
            Event r1 = base.newEvent(pair.right, Ev.READ, (ev, what) -> fired.add("r1"));
            Event r2 = base.newEvent(pair.right, Ev.READ, (ev, what) -> fired.add("r2"));
            Event w = base.newEvent(pair.right, Ev.WRITE, (ev, what) -> fired.add("w"));
            r1.add();
            r2.add();
            w.add();
            write(pair.left, "x");
            base.dispatch();
            assertThat(fired).containsExactlyInAnyOrder("r1", "r2", "w");
        }
    }

    @Test
    void combinedReadWriteEventGetsBothFlagsInOneCallback() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<Integer> whats = new ArrayList<>();
            Event both = base.newEvent(pair.right, Ev.READ | Ev.WRITE, (ev, what) -> whats.add(what));
            write(pair.left, "x");
            awaitReadable(pair.right);
            both.add();
            base.dispatch();
            assertThat(whats).containsExactly(Ev.READ | Ev.WRITE);
        }
    }

    @Test
    void deletingInsideTheCallbackStopsAPersistentEvent() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            int[] calls = new int[1];
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> {
                calls[0]++;
                ev.del();
            });
            reader.add();
            write(pair.left, "unread data keeps the channel readable");
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(calls[0]).isEqualTo(1);
        }
    }

    @Test
    void closingInsideTheCallbackFreesTheEventAndLeavesTheChannelOpen() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            int[] calls = new int[1];
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> {
                calls[0]++;
                ev.close();
            });
            reader.add();
            write(pair.left, "x");
            assertThat(base.dispatch()).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(calls[0]).isEqualTo(1);
            assertThat(reader.isClosed()).isTrue();
            assertThat(pair.right.isOpen()).isTrue();
            assertThatThrownBy(reader::add).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed event");
        }
    }

    @Test
    void aDeletedChannelCanGoBackToBlockingModeAfterTheNextIteration() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            Event reader = base.newEvent(pair.right, Ev.READ | Ev.PERSIST, (ev, what) -> ev.del());
            reader.add();
            write(pair.left, "x");
            base.dispatch();
            pair.right.configureBlocking(true);
            assertThat(pair.right.isBlocking()).isTrue();
        }
    }

    @Test
    void aServerChannelReportsPendingConnectionsAsRead() throws Exception {
        try (EventBase base = new EventBase(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            List<SocketChannel> accepted = new ArrayList<>();
            Event acceptor = base.newEvent(server, Ev.READ, (ev, what) -> {
                try {
                    accepted.add(server.accept());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            acceptor.add();
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                base.dispatch();
                assertThat(accepted).hasSize(1);
                accepted.get(0).close();
            }
        }
    }

    @Test
    void aPendingConnectIsReportedAsWriteAndThenTheSocketIsWritable() throws Exception {
        try (EventBase base = new EventBase(); ServerSocketChannel server = ServerSocketChannel.open();
                SocketChannel client = SocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client.configureBlocking(false);
            client.connect(server.getLocalAddress());
            List<String> steps = new ArrayList<>();
            Event writer = base.newEvent(client, Ev.WRITE | Ev.PERSIST, (ev, what) -> {
                try {
                    if (client.isConnectionPending()) {
                        client.finishConnect();
                        steps.add("connected");
                    } else {
                        steps.add("writable");
                        ev.del();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.add();
            base.dispatch();
            assertThat(steps).containsExactly("connected", "writable");
        }
    }

    @Test
    void pipesWorkLikeSockets() throws Exception {
        Pipe pipe = Pipe.open();
        try (EventBase base = new EventBase(); Pipe.SourceChannel source = pipe.source();
                Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            sink.configureBlocking(false);
            ByteBuffer got = ByteBuffer.allocate(16);
            base.newEvent(sink, Ev.WRITE, (ev, what) -> {
                try {
                    sink.write(ByteBuffer.wrap(new byte[] {42}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).add();
            base.newEvent(source, Ev.READ, (ev, what) -> {
                try {
                    source.read(got);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).add();
            base.dispatch();
            assertThat(got.position()).isEqualTo(1);
            assertThat(got.get(0)).isEqualTo((byte) 42);
            assertThatThrownBy(() -> base.newEvent(source, Ev.WRITE, (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("can never be written");
        }
    }

    @Test
    void activateByChannelRunsTheEventsWatchingIt() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<String> fired = new ArrayList<>();
            base.newEvent(pair.right, Ev.READ, (ev, what) -> fired.add("read " + Ev.toString(what))).add();
            base.newEvent(pair.right, Ev.WRITE, (ev, what) -> fired.add("write")).add();
            base.activateByChannel(pair.right, Ev.READ);
            base.loop(EventBase.LOOP_ONCE);
            assertThat(fired).startsWith("read READ");
        }
    }

    @Test
    void activateByChannelWithTimeoutFiresTheTimeoutsOfThatChannel() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            List<Integer> whats = new ArrayList<>();
            Event reader = base.newEvent(pair.right, Ev.READ, (ev, what) -> whats.add(what));
            reader.add(java.time.Duration.ofHours(1));
            base.activateByChannel(pair.right, Ev.TIMEOUT);
            base.loop(EventBase.LOOP_ONCE);
            assertThat(whats).containsExactly(Ev.TIMEOUT);
        }
    }

    // ---- helpers

    static String read(SocketChannel ch) {
        try {
            return SocketPair.readAvailable(ch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(SocketChannel ch, String s) {
        try {
            SocketPair.write(ch, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readBlocking(SocketChannel ch, int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (EventBase base = new EventBase()) {
            Event reader = base.newEvent(ch, Ev.READ | Ev.PERSIST, (ev, what) -> {
                String s = read(ch);
                if (s == null) {
                    ev.del();
                    return;
                }
                sb.append(s);
                if (sb.length() >= n) {
                    ev.del();
                }
            });
            reader.add(java.time.Duration.ofSeconds(10));
            base.dispatch();
        }
        return sb.toString();
    }

    static void awaitReadable(SocketChannel ch) throws IOException {
        try (EventBase base = new EventBase()) {
            Event probe = base.newEvent(ch, Ev.READ, (ev, what) -> { });
            probe.add(java.time.Duration.ofSeconds(10));
            base.dispatch();
        }
    }
}
