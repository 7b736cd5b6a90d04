package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A socket BufferEvent counts the bytes it moves through its channel, readable from any thread. */
class BufferEventByteCountTest {

    @Test
    void anEchoCountsEveryByteReadAndWritten() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right);
            bev.setCallbacks(b -> b.output().addBuffer(b.input()), null, null);
            bev.enable(Ev.READ | Ev.WRITE);
            assertThat(bev.bytesRead()).isZero();
            assertThat(bev.bytesWritten()).isZero();

            byte[] message = new byte[100_000];
            ByteBuffer out = ByteBuffer.wrap(message);
            ByteBuffer in = ByteBuffer.allocate(message.length);
            runUntil(base, () -> {
                try {
                    pair.left.write(out);
                    pair.left.read(in);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return !in.hasRemaining();
            });
            assertThat(bev.bytesRead()).isEqualTo(message.length);
            assertThat(bev.bytesWritten()).isEqualTo(message.length);
            bev.close();
            assertThat(bev.bytesRead()).as("kept after close").isEqualTo(message.length);
        }
    }

    @Test
    void anotherThreadSeesTheCountsOfARunningLoop() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.THREADSAFE);
            CountDownLatch echoed = new CountDownLatch(1);
            bev.setCallbacks(b -> {
                b.output().addBuffer(b.input());
                if (b.bytesRead() >= 5) {
                    echoed.countDown();
                }
            }, null, null);
            bev.enable(Ev.READ | Ev.WRITE);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread loop = new Thread(() -> {
                try {
                    base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "byte-count-loop");
            loop.start();
            pair.left.configureBlocking(true);
            pair.left.write(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertThat(echoed.await(10, TimeUnit.SECONDS)).isTrue();
            ByteBuffer back = ByteBuffer.allocate(5);
            while (back.hasRemaining()) {
                assertThat(pair.left.read(back)).isNotNegative();
            }
            // The loop counts a write just after the kernel took it, so the peer may read the echo a
            // moment before the count moves: wait for it, a bounded spin, no lock.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bev.bytesWritten() < 5 && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            assertThat(bev.bytesRead()).isEqualTo(5);
            assertThat(bev.bytesWritten()).isEqualTo(5);
            base.loopExit();
            loop.join(10_000);
            assertThat(loop.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
        }
    }
}
