package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.buffer.ThreadAllocations;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A socket BufferEvent on a native readiness backend (epoll, io_uring without completion I/O)
 * reads and writes straight on its descriptor, with what the JDK's channel path would give: the
 * bytes, EOF, and failures as events with the cause. On java.nio, and with completion I/O, it has
 * no direct path, and the same tests check the channel's behaviour.
 */
class DirectSocketIoTest {
    private final EventBase base = new EventBase();

    @AfterEach
    void closeBase() {
        base.close();
    }

    private boolean expectsDirect() {
        String name = base.backendName();
        return (name.equals("epoll") || name.equals("io_uring")) && !base.completesIo();
    }

    private void checkPath(SocketBufferEvent bev, long atLeast) {
        if (expectsDirect()) {
            assertThat(bev.directChannel()).as("direct I/O on " + base.backendName()).isNotNull();
            assertThat(bev.directChannel().directCalls()).isGreaterThanOrEqualTo(atLeast);
        } else {
            assertThat(bev.directChannel()).isNull();
        }
    }

    private static void echo(BufferEvent b) {
        byte[] tmp = new byte[(int) b.input().length()];
        b.input().remove(tmp);
        b.write(tmp);
    }

    @Test
    void messagesAndBulkTransfersGoStraightThroughTheDescriptor() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(DirectSocketIoTest::echo, null, null);
            bev.enable(Ev.READ | Ev.WRITE);
            for (int i = 0; i < 100; i++) {
                String msg = "message " + i;
                SocketPair.write(pair.left, msg);
                StringBuilder got = new StringBuilder();
                runUntil(base, () -> {
                    got.append(read(pair));
                    return got.length() >= msg.length();
                });
                assertThat(got.toString()).isEqualTo(msg);
            }
            checkPath(bev, 200);
            // Larger than one segment and than a critical call: scattering reads, gathering writes.
            byte[] bulk = new byte[3 << 20];
            for (int i = 0; i < bulk.length; i++) {
                bulk[i] = (byte) (i * 31 + (i >>> 13));
            }
            ByteBuffer out = ByteBuffer.wrap(bulk);
            ByteBuffer back = ByteBuffer.allocate(bulk.length);
            runUntil(base, () -> {
                try {
                    pair.left.write(out);
                    pair.left.read(back);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return !back.hasRemaining();
            });
            assertThat(back.array()).isEqualTo(bulk);
            bev.close();
        }
    }

    @Test
    void aFileInTheOutputGoesToTheChannelForSendfile(@TempDir Path dir) throws Exception {
        byte[] content = new byte[1 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7 + (i >>> 11));
        }
        Path file = Files.write(dir.resolve("content.bin"), content);
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            bev.enable(Ev.WRITE);
            long before = bev.directChannel() == null ? 0 : bev.directChannel().directCalls();
            bev.output().addFile(FileChannel.open(file, StandardOpenOption.READ), 0, content.length);
            // The peer reads on a thread of its own: the loop waits for room in the socket, which
            // only the peer's reads make.
            ByteBuffer back = ByteBuffer.allocate(content.length);
            AtomicReference<IOException> failed = new AtomicReference<>();
            pair.left.configureBlocking(true);
            Thread peer = new Thread(() -> {
                try {
                    while (back.hasRemaining() && pair.left.read(back) >= 0) {
                        // keep reading
                    }
                } catch (IOException e) {
                    failed.set(e);
                }
            });
            peer.start();
            runUntil(base, () -> bev.output().length() == 0);
            peer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(peer.isAlive()).as("the peer still waits for bytes").isFalse();
            assertThat(failed.get()).isNull();
            assertThat(back.array()).isEqualTo(content);
            if (bev.directChannel() != null) {
                // Through the direct path the JDK would have copied the file in chunks of its own.
                assertThat(bev.directChannel().directCalls()).isEqualTo(before);
            }
            bev.close();
        }
    }

    private static String read(SocketPair pair) {
        try {
            String s = SocketPair.readAvailable(pair.left);
            return s == null ? "" : s;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theEndOfTheStreamArrivesAsEof() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            List<Integer> events = new ArrayList<>();
            bev.setCallbacks(b -> b.input().drain(b.input().length()), null, (b, what) -> events.add(what));
            bev.enable(Ev.READ);
            SocketPair.write(pair.left, "last words");
            pair.left.shutdownOutput();
            runUntil(base, () -> !events.isEmpty());
            assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
            checkPath(bev, 2);
            bev.close();
        }
    }

    @Test
    void aResetByThePeerArrivesAsAReadErrorWithTheJdksException() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            List<Integer> events = new ArrayList<>();
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.enable(Ev.READ);
            pair.left.setOption(StandardSocketOptions.SO_LINGER, 0);
            pair.left.close();
            runUntil(base, () -> !events.isEmpty());
            assertThat(events).containsExactly(BevEvent.READING | BevEvent.ERROR);
            assertThat(bev.lastError()).isInstanceOf(SocketException.class).hasMessage("Connection reset");
            checkPath(bev, 1);
            bev.close();
        }
    }

    @Test
    void aWriteToAResetPeerArrivesAsAWriteErrorWithTheCause() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            List<Integer> events = new ArrayList<>();
            bev.setCallbacks(null, null, (b, what) -> events.add(what));
            bev.enable(Ev.WRITE);
            pair.left.setOption(StandardSocketOptions.SO_LINGER, 0);
            pair.left.close();
            byte[] chunk = new byte[4096];
            runUntil(base, () -> {
                if (events.isEmpty() && bev.output().length() < 1 << 20) {
                    bev.write(chunk);
                }
                return !events.isEmpty();
            });
            assertThat(events).containsExactly(BevEvent.WRITING | BevEvent.ERROR);
            assertThat(bev.lastError()).isInstanceOf(IOException.class);
            if (expectsDirect()) {
                assertThat(bev.lastError()).isInstanceOf(SocketException.class)
                        .hasMessageMatching("Broken pipe|Connection reset");
            }
            checkPath(bev, 1);
            bev.close();
        }
    }

    /**
     * The socket is closed by another thread while the loop reads it, and new sockets, which may
     * get its descriptor number, receive other bytes at once: the BufferEvent must never see them,
     * and its next write fails as the channel's would.
     */
    @Test
    void aSocketClosedByAnotherThreadIsNeverConfusedWithTheNextOne() throws Exception {
        SocketPair pair = SocketPair.open();
        List<SocketPair> others = new ArrayList<>();
        AtomicBoolean foreign = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch failed = new CountDownLatch(1);
        SocketBufferEvent bev = BufferEvent.socket(base, pair.right);
        bev.setCallbacks(b -> {
            byte[] got = new byte[(int) b.input().length()];
            b.input().remove(got);
            for (byte x : got) {
                if (x != 'a') {
                    foreign.set(true);
                }
            }
            if (received.addAndGet(got.length) > 64 * 1024) {
                reading.countDown();
            }
        }, null, (b, what) -> {
            if ((what & BevEvent.WRITING) != 0) {
                writeFailure.set(b.lastError());
                failed.countDown();
            }
        });
        bev.enable(Ev.READ | Ev.WRITE);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            ByteBuffer a = ByteBuffer.allocate(1024);
            Arrays.fill(a.array(), (byte) 'a');
            try {
                while (!stop.get()) {
                    a.clear();
                    pair.left.write(a);
                }
            } catch (IOException peerGone) {
                // The BufferEvent's socket was closed: expected.
            }
        });
        // The read error leaves the BufferEvent no pending event: the loop must stay for the write.
        Thread loop = new Thread(() -> base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY));
        try {
            writer.start();
            loop.start();
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            pair.right.close();
            for (int i = 0; i < 20; i++) {
                SocketPair other = SocketPair.open();
                others.add(other);
                SocketPair.write(other.left, "ZZZZ");
            }
            base.execute(() -> bev.write(new byte[] {'x'}));
            assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(writeFailure.get()).isInstanceOf(ClosedChannelException.class);
            assertThat(foreign.get()).as("bytes of another socket read").isFalse();
            if (expectsDirect()) {
                assertThat(bev.directChannel().directCalls()).isPositive();
            }
        } finally {
            stop.set(true);
            base.loopBreak();
            loop.join(10_000);
            pair.left.close();
            writer.join(10_000);
            for (SocketPair other : others) {
                other.close();
            }
        }
    }

    @Test
    void anEchoAllocatesNothingPerMessageOnceWarm() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
            long[] echoed = new long[1];
            bev.setCallbacks(b -> {
                echoed[0] += b.input().length();
                b.output().addBuffer(b.input());
            }, null, null);
            bev.enable(Ev.READ | Ev.WRITE);
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            int round = 10_000;
            long perMessage = -1;
            for (int r = 0; r < 20 && perMessage != 0; r++) {
                long before = ThreadAllocations.current();
                for (int i = 0; i < round; i++) {
                    out.clear();
                    pair.left.write(out);
                    in.clear();
                    while (in.hasRemaining()) {
                        if (pair.left.read(in) == 0) {
                            base.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
                        }
                    }
                }
                perMessage = (ThreadAllocations.current() - before) / round;
            }
            assertThat(perMessage).as("bytes allocated per echoed message").isZero();
            checkPath(bev, 2 * round);
            bev.close();
        }
    }
}
