package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's {@code bufferevent_free()} right after a write, replayed: inside the CONNECTED
 * event callback libevent still sends the bytes, because that callback runs from its write handler
 * and the free waits until the handler returns, which writes first; from a timer callback on an
 * established connection the bytes are lost. jevent's {@code close()} discards unsent output
 * wherever it is called, so the peer gets nothing in all three cases ({@code closeAfterFlush()} is
 * the call that sends and then closes); the connection ends with a FIN either way, and the loop is
 * left with nothing to do.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventFreeInConnectedReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_free_in_connected");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);
    private static final String CLOSE_DISCARDS = "libevent sends output queued before a free inside the CONNECTED"
            + " callback only because the free is delayed until its write handler returns; jevent's close()"
            + " discards unsent output wherever it is called, and closeAfterFlush() sends it then closes";

    /** What the peer received and how its connection ended: "EOF", "RST", "error" or "timeout". */
    private record Received(byte[] data, String end) {
        /** The bytes as the C program shows them: quoted, a newline as \n. */
        String shown() {
            return "\"" + new String(data, StandardCharsets.US_ASCII).replace("\n", "\\n") + "\"";
        }
    }

    /**
     * The C program's server thread: accepts one connection on 127.0.0.1 and reads until it ends.
     * It waits on a selector, never longer than ten seconds in all.
     */
    private static final class Peer implements AutoCloseable {
        final ServerSocketChannel server;
        final FutureTask<Received> result;

        Peer() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            result = new FutureTask<>(this::serve);
            new Thread(result, "peer").start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        private Received serve() throws IOException {
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            try (Selector selector = Selector.open()) {
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                SocketChannel ch;
                while ((ch = server.accept()) == null) {
                    if (!await(selector, deadline)) {
                        return new Received(data.toByteArray(), "timeout");
                    }
                }
                try (SocketChannel conn = ch) {
                    conn.configureBlocking(false);
                    conn.register(selector, SelectionKey.OP_READ);
                    ByteBuffer buf = ByteBuffer.allocate(256);
                    while (true) {
                        int n;
                        try {
                            n = conn.read(buf.clear());
                        } catch (IOException e) {
                            return new Received(data.toByteArray(),
                                    "Connection reset".equals(e.getMessage()) ? "RST" : "error");
                        }
                        if (n < 0) {
                            return new Received(data.toByteArray(), "EOF");
                        }
                        data.write(buf.array(), 0, n);
                        if (n == 0 && !await(selector, deadline)) {
                            return new Received(data.toByteArray(), "timeout");
                        }
                    }
                }
            }
        }

        private static boolean await(Selector selector, long deadline) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            selector.selectedKeys().clear();
            return true;
        }

        Received received() throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            result.cancel(true);
            server.close();
        }
    }

    /** The C program's client: its cases 1 to 3 differ in where they write and where they close. */
    private static final class Client {
        final String name;
        final int mode;
        final SocketBufferEvent bev;
        final Event timer;
        int events;
        int writeCalls;

        Client(String name, int mode, EventBase base) {
            this.name = name;
            this.mode = mode;
            this.bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            this.timer = base.newTimer((ev, what) -> onTimer());
            bev.setCallbacks(null, b -> writeCalls++, (b, what) -> onEvent(what));
        }

        private void onTimer() {
            bev.write(HELLO);
            // jevent's write() returns nothing: libevent's 0 is "it did not throw".
            TRACE.same(name + "-timer-write-return", 0);
            TRACE.same(name + "-output-length-before-free", bev.output().length());
            bev.close();
        }

        private void onEvent(int what) {
            events++;
            TRACE.same(name + "-event-" + events + "-what", BevEvent.toString(what));
            if ((what & BevEvent.CONNECTED) == 0) {
                bev.close();
                return;
            }
            if (mode == 1) {
                bev.write(HELLO);
                TRACE.same(name + "-write-in-connected-return", 0);
            }
            if (mode == 1 || mode == 2) {
                TRACE.same(name + "-output-length-before-free", bev.output().length());
                bev.close();
            } else {
                timer.add(Duration.ofMillis(1));
            }
        }
    }

    @Test
    void bytesWrittenInsideTheConnectedCallbackAreDiscardedByClose() throws Exception {
        Received r = replay("case-1", 1);
        nothingArrived("case-1", r);
        TRACE.same("case-1-server-connection-end", r.end());
    }

    @Test
    void bytesQueuedBeforeConnectingAreDiscardedByCloseInsideTheConnectedCallback() throws Exception {
        Received r = replay("case-2", 2);
        nothingArrived("case-2", r);
        TRACE.same("case-2-server-connection-end", r.end());
    }

    @Test
    void bytesWrittenInATimerCallbackAreDiscardedByCloseAsInLibevent() throws Exception {
        Received r = replay("case-3", 3);
        TRACE.same("case-3-server-received-bytes", r.data().length);
        TRACE.same("case-3-server-received-data", r.shown());
        TRACE.same("case-3-server-connection-end", r.end());
    }

    /** libevent's peer got the six bytes; jevent's got none, as pinned here. */
    private static void nothingArrived(String name, Received r) {
        assertThat(r.data()).as(name + ": what jevent's peer received").isEmpty();
        TRACE.differs(name + "-server-received-bytes", r.data().length, "6", CLOSE_DISCARDS);
        TRACE.differs(name + "-server-received-data", r.shown(), "\"hello\\n\"", CLOSE_DISCARDS);
    }

    private static Received replay(String name, int mode) throws Exception {
        try (Peer peer = new Peer(); EventBase base = new EventBase()) {
            Client c = new Client(name, mode, base);
            if (mode == 2) {
                c.bev.write(HELLO);
                TRACE.same(name + "-write-before-connect-return", 0);
            }
            c.bev.connect(peer.address());
            TRACE.same(name + "-connect-return", 0);
            TRACE.same(name + "-dispatch-return", base.dispatch().code());
            TRACE.same(name + "-write-callbacks", c.writeCalls);
            c.timer.close();
            return peer.received();
        }
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
