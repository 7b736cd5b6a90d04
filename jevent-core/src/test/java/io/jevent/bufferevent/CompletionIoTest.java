package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.buffer.internal.SegmentPool;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * What completion I/O must do beyond the contract: survive the loop changing threads, deliver
 * before a close, and move bytes straight between the kernel and the buffers' segments without
 * corrupting or leaking any.
 */
class CompletionIoTest {
    private static EventBase completionBase() {
        EventBase base = EventBase.builder().completionIo(true).build();
        if (!base.completesIo()) {
            base.close();
        }
        assumeTrue(base.completesIo(), "completion I/O needs the io_uring backend on Linux 6.0+");
        return base;
    }

    @Test
    void anEchoKeepsEveryByteWhileTheLoopMovesFromThreadToThread() throws Exception {
        try (EventBase base = completionBase(); SocketPair pair = SocketPair.open()) {
            BufferEvent echo = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            echo.setCallbacks(b -> b.output().addBuffer(b.input()), null, null);
            echo.enable(Ev.READ);
            BufferEvent client = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            CRC32 sent = new CRC32();
            CRC32 back = new CRC32();
            long[] received = new long[1];
            client.setCallbacks(b -> {
                byte[] chunk = new byte[(int) b.input().length()];
                b.input().remove(chunk);
                back.update(chunk);
                received[0] += chunk.length;
            }, null, null);
            client.enable(Ev.READ);
            java.util.Random random = new java.util.Random(7);
            long total = 0;
            for (int round = 0; round < 6; round++) {
                byte[] block = new byte[50_000 + round * 1000];
                random.nextBytes(block);
                sent.update(block);
                client.write(block);
                total += block.length;
                long expected = total;
                // Every other round on a thread of its own: the ring follows the loop's thread.
                if (round % 2 == 0) {
                    io.jevent.LoopRunner.runUntil(base, () -> received[0] == expected);
                } else {
                    CompletableFuture.runAsync(() -> io.jevent.LoopRunner.runUntil(base, () -> received[0] == expected))
                            .get(20, TimeUnit.SECONDS);
                }
            }
            assertThat(back.getValue()).isEqualTo(sent.getValue());
        }
    }

    @Test
    void whatTheWriteCallbackSawSentReachesThePeerWhenTheBufferEventIsClosedThere() throws Exception {
        try (EventBase base = completionBase(); SocketPair pair = SocketPair.open()) {
            BufferEvent server = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            byte[] reply = new byte[200_000];
            new java.util.Random(3).nextBytes(reply);
            server.setCallbacks(null, BufferEvent::close, null);
            server.write(reply);
            CompletableFuture<byte[]> peer = CompletableFuture.supplyAsync(() -> {
                try {
                    pair.right.configureBlocking(true);
                    return pair.right.socket().getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // The peer's thread cannot wake the loop: run it until the close, then wait for the peer.
            io.jevent.LoopRunner.runUntil(base, server::isClosed);
            assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo(reply);
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }

    /** Collects what a BufferEvent reads, and its CRC. */
    private static final class Sink {
        final CRC32 crc = new CRC32();
        long count;
        int largestRead;

        void attach(BufferEvent b) {
            b.setCallbacks(x -> {
                byte[] chunk = new byte[(int) x.input().length()];
                x.input().remove(chunk);
                largestRead = Math.max(largestRead, chunk.length);
                crc.update(chunk);
                count += chunk.length;
            }, null, null);
            b.enable(Ev.READ);
        }
    }

    @Test
    void largeMessagesCrossBothWaysAtOnceIntact() throws Exception {
        try (EventBase base = completionBase(); SocketPair pair = SocketPair.open()) {
            BufferEvent a = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            BufferEvent b = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            Sink atA = new Sink();
            Sink atB = new Sink();
            atA.attach(a);
            atB.attach(b);
            byte[] toB = random(3_000_000, 11);
            byte[] toA = random(2_500_000, 12);
            for (int at = 0; at < toB.length; at += 100_000) {
                a.write(java.util.Arrays.copyOfRange(toB, at, Math.min(toB.length, at + 100_000)));
            }
            b.write(toA);
            io.jevent.LoopRunner.runUntil(base, () -> atA.count == toA.length && atB.count == toB.length);
            assertThat(atB.crc.getValue()).isEqualTo(crc(toB));
            assertThat(atA.crc.getValue()).isEqualTo(crc(toA));
        }
    }

    @Test
    void aReadCapSmallerThanAReceivedBufferHandsOverEveryByteInOrder() throws Exception {
        try (EventBase base = completionBase(); SocketPair pair = SocketPair.open()) {
            BufferEvent a = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            BufferEvent b = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            b.setMaxSingleRead(1000);
            Sink atB = new Sink();
            atB.attach(b);
            byte[] data = random(400_000, 13);
            a.write(data);
            io.jevent.LoopRunner.runUntil(base, () -> atB.count == data.length);
            assertThat(atB.crc.getValue()).isEqualTo(crc(data));
            assertThat(atB.largestRead).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void clearingTheOutputWhileASendIsInFlightNeitherCorruptsNorLeaks() throws Exception {
        long before = SegmentPool.outstanding();
        byte[] data = random(4_000_000, 14);
        byte[] got;
        try (EventBase base = completionBase(); SocketPair pair = SocketPair.open()) {
            // Not CLOSE_ON_FREE: reuse(null) leaves the socket open, so the peer can read what went.
            SocketBufferEvent a = (SocketBufferEvent) BufferEvent.socket(base, pair.left);
            a.write(data);
            // The peer reads nothing yet: the socket buffer fills and a send stays in flight.
            io.jevent.LoopRunner.runUntil(base, () -> a.bytesWritten() > 0 || a.output().length() < data.length);
            a.reuse(null);
            // The old output's segments go back to the pool while the kernel may still read them:
            // take them again and scribble over them.
            io.jevent.buffer.EvBuffer scribbled = new io.jevent.buffer.EvBuffer();
            byte[] junk = new byte[data.length];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            scribbled.add(junk);
            // One more run: the cancelled send ends; then the peer reads what reached it.
            base.loop(EventBase.LOOP_NONBLOCK);
            pair.left.shutdownOutput();
            pair.right.configureBlocking(true);
            got = pair.right.socket().getInputStream().readAllBytes();
            scribbled.close();
            a.close();
        }
        assertThat(got.length).isLessThanOrEqualTo(data.length);
        assertThat(got).isEqualTo(java.util.Arrays.copyOf(data, got.length));
        assertThat(SegmentPool.outstanding()).isEqualTo(before);
    }
}
