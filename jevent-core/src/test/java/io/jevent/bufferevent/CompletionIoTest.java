package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** What completion I/O must do beyond the contract: survive the loop changing threads, deliver before a close. */
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
}
