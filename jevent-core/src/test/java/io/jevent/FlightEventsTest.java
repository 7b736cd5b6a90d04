package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import io.jevent.listener.ConnListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * jevent's flight-recorder events, received as a monitoring tool would: through a
 * {@link RecordingStream} in the same JVM. A stream delivers events about once a second, so every
 * wait here allows many seconds.
 */
class FlightEventsTest {
    private static final long MS = 1_000_000L;
    private static final List<String> NAMES = List.of("io.jevent.SlowCallback", "io.jevent.LoopStall",
            "io.jevent.ConnectionAccepted", "io.jevent.ConnectionClosed", "io.jevent.AcceptError");

    private final BlockingQueue<RecordedEvent> received = new LinkedBlockingQueue<>();
    private RecordingStream stream;

    @BeforeEach
    void startRecording() {
        stream = new RecordingStream();
        for (String name : NAMES) {
            stream.enable(name);
            stream.onEvent(name, received::add);
        }
        stream.startAsync();
    }

    @AfterEach
    void stopRecording() {
        stream.close();
    }

    private RecordedEvent await(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> others = new ArrayList<>();
        while (System.nanoTime() - deadline < 0) {
            RecordedEvent e = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            if (e.getEventType().getName().equals(name)) {
                return e;
            }
            others.add(e.getEventType().getName());
        }
        throw new AssertionError("no " + name + " within 20 s; received " + others);
    }

    @Test
    void aSlowCallbackIsRecordedWithItsDurationEventAndClassAndTheStallWithIt() throws Exception {
        EventCallback slow = new SlowWork();
        try (EventBase base = EventBase.builder().slowThresholds(Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            base.newTimer((ev, what) -> { }).activate(Ev.TIMEOUT);
            Event ev = base.newTimer(slow);
            ev.activate(Ev.TIMEOUT);
            base.dispatch();

            RecordedEvent e = await("io.jevent.SlowCallback");
            assertThat(e.getDuration("callbackTime")).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(e.getClass("callbackClass").getName()).isEqualTo(SlowWork.class.getName());
            assertThat(e.getString("event")).startsWith("Event@").contains("priority 0");
            assertThat(e.getInt("priority")).isZero();
            RecordedEvent stall = await("io.jevent.LoopStall");
            assertThat(stall.getDuration("stallTime")).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(stall.getInt("callbacks")).isEqualTo(2);
            // Without collectTimings the metrics keep no times, even while a recording times callbacks.
            assertThat(base.metrics().slowCallbacks()).isZero();
            assertThat(base.metrics().callbackNanos()).isZero();
        }
    }

    /** Spins 30 ms on the clock: a callback that does too much on the loop thread. */
    private static final class SlowWork implements EventCallback {
        @Override
        public void onEvent(Event ev, int what) {
            long end = System.nanoTime() + 30 * MS;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void fastCallbacksRecordNothing() throws Exception {
        try (EventBase base = new EventBase()) {
            EventCallback fast = new FastWork();
            for (int i = 0; i < 1000; i++) {
                base.newTimer(fast).activate(Ev.TIMEOUT);
            }
            base.dispatch();
            // A marker committed after the callbacks: once it arrives, their events would have too.
            List<SocketChannel> accepted = new ArrayList<>();
            try (ConnListener listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    -1, (l, ch, peer) -> accepted.add(ch));
                    SocketChannel client = SocketChannel.open(listener.localAddress())) {
                LoopRunner.runUntil(base, () -> !accepted.isEmpty());
                accepted.get(0).close();
            }
            await("io.jevent.ConnectionAccepted");
            assertThat(received).noneMatch(e -> e.getEventType().getName().equals("io.jevent.SlowCallback")
                    && e.getClass("callbackClass").getName().equals(FastWork.class.getName()));
        }
    }

    /** Does nothing: far below any threshold. */
    private static final class FastWork implements EventCallback {
        @Override
        public void onEvent(Event ev, int what) {
        }
    }

    @Test
    void acceptedAndClosedConnectionsAreRecordedWithAddressesAndBytes() throws Exception {
        try (EventBase base = new EventBase()) {
            List<SocketBufferEvent> bevs = new ArrayList<>();
            try (ConnListener listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    -1, (l, ch, peer) -> {
                        SocketBufferEvent bev = BufferEvent.socket(base, ch, io.jevent.bufferevent.BevOption.CLOSE_ON_FREE);
                        bev.setCallbacks(b -> b.output().addBuffer(b.input()), null, (b, what) -> b.close());
                        bev.enable(Ev.READ | Ev.WRITE);
                        bevs.add(bev);
                    });
                    SocketChannel client = SocketChannel.open(listener.localAddress())) {
                client.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7}));
                ByteBuffer back = ByteBuffer.allocate(7);
                client.configureBlocking(false);
                LoopRunner.runUntil(base, () -> {
                    try {
                        client.read(back);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return !back.hasRemaining();
                });
                client.close();
                LoopRunner.runUntil(base, () -> bevs.get(0).isClosed());

                RecordedEvent accepted = await("io.jevent.ConnectionAccepted");
                assertThat(accepted.getString("localAddress")).contains(String.valueOf(
                        ((InetSocketAddress) listener.localAddress()).getPort()));
                assertThat(accepted.getString("remoteAddress")).contains("127.0.0.1");
                RecordedEvent closed = await("io.jevent.ConnectionClosed");
                assertThat(closed.getLong("bytesRead")).isEqualTo(7);
                assertThat(closed.getLong("bytesWritten")).isEqualTo(7);
                assertThat(closed.getBoolean("channelClosed")).isTrue();
                assertThat(closed.getString("remoteAddress")).contains("127.0.0.1");
            }
        }
    }

    @Test
    void aFailedAcceptIsRecordedWithItsCause() throws Exception {
        try (EventBase base = new EventBase(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Exception> errors = new ArrayList<>();
            try (ConnListener listener = ConnListener.wrap(base, server, (l, ch, peer) -> closeQuietly(ch))) {
                listener.setErrorCallback((l, cause) -> errors.add(cause));
                // Ready to accept, then closed behind the listener's back: the accept() fails.
                base.activateByChannel(server, Ev.READ);
                server.close();
                LoopRunner.runUntil(base, () -> !errors.isEmpty());
            }
            RecordedEvent e = await("io.jevent.AcceptError");
            assertThat(e.getClass("exceptionClass").getName()).isEqualTo(errors.get(0).getClass().getName());
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (java.io.IOException ignored) {
            // a test peer
        }
    }
}
