package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.Stress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A THREADSAFE BufferEvent called from other threads while its loop reads and writes it: no call
 * made under its lock waits for the loop thread, so a caller holding the lock and the loop wanting
 * it never deadlock, and a priority change applies to all its events or none.
 */
class BufferEventThreadsTest {
    private EventBase base;
    private Thread loopThread;
    private final CountDownLatch loopStopped = new CountDownLatch(1);
    /** What ended the loop thread, if the loop failed rather than stopped. */
    private final AtomicReference<Throwable> loopFailure = new AtomicReference<>();

    @BeforeEach
    void startLoop() throws InterruptedException {
        base = EventBase.builder().priorities(3).build();
        CountDownLatch running = new CountDownLatch(1);
        loopThread = new Thread(() -> {
            base.execute(running::countDown);
            try {
                base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
            } catch (RuntimeException | Error e) {
                loopFailure.set(e);
            } finally {
                loopStopped.countDown();
            }
        }, "loop");
        loopThread.setDaemon(true);
        loopThread.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        base.loopBreak();
        assertThat(loopStopped.await(10, TimeUnit.SECONDS)).as("the loop stopped").isTrue();
        assertThat(loopFailure.get()).as("what ended the loop").isNull();
        base.close();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void callsMadeHoldingTheLockWhileTheLoopWaitsForItReturn() throws Exception {
        try (SocketPair pair = SocketPair.open()) {
            SocketBufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.THREADSAFE);
            AtomicLong read = new AtomicLong();
            bev.setCallbacks(b -> read.addAndGet(b.input().drain(Long.MAX_VALUE)), null, null);
            bev.enable(Ev.READ);
            bev.lock();
            try {
                SocketPair.write(pair.right, "wake the loop");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!bev.lock.hasQueuedThread(loopThread)) {
                    assertThat(System.nanoTime() < deadline).as("the loop waits for the lock").isTrue();
                    Thread.onSpinWait();
                }
                // Each of these used to wait for the loop, which waits for this thread's lock.
                bev.disable(Ev.READ);
                bev.enable(Ev.READ);
                bev.setPriority(0);
                bev.write("the first write makes the flush event".getBytes());
                bev.flush(Ev.WRITE, BevFlush.NORMAL);
                bev.setTimeouts(Duration.ofSeconds(30), null);
                bev.reuse(pair.left);
            } finally {
                bev.unlock();
            }
            SocketPair.write(pair.right, "more");
            deadline(() -> read.get() >= "more".length());
            bev.close();
        }
    }

    @Test
    void aPriorityChangeDuringTrafficAppliesToEveryEventAtOnce() {
        Stress.run("setPriority() while the loop reads and writes", stress -> {
            try (SocketPair pair = SocketPair.open()) {
                SocketBufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.THREADSAFE);
                bev.setCallbacks(b -> b.output().addBuffer(b.input()), null, null);
                bev.enable(Ev.READ | Ev.WRITE);
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                stress.fork("peer", () -> echoAgainst(pair.right, stress));
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (stress.running()) {
                    try {
                        bev.setPriority(random.nextInt(3));
                    } catch (RuntimeException e) {
                        thrown.compareAndSet(null, e);
                    }
                    stress.progress();
                }
                stress.joinForked();
                assertThat(thrown.get()).as("setPriority() during traffic").isNull();
                int last = bev.priority();
                CountDownLatch checked = new CountDownLatch(1);
                AtomicReference<String> mismatch = new AtomicReference<>();
                base.execute(() -> {
                    base.forEachEvent(ev -> {
                        if (ev.priority() != last) {
                            mismatch.set(ev + " has priority " + ev.priority() + ", not " + last);
                        }
                    });
                    checked.countDown();
                });
                assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(mismatch.get()).isNull();
                bev.close();
            }
        });
    }

    @Test
    void connectionFloodedByThePeerWhileAnotherThreadWritesFirstNeverHangs() {
        AtomicLong connections = new AtomicLong();
        Stress.run("a flooding peer and a first write from another thread", stress -> {
            while (stress.running()) {
                try (SocketPair pair = SocketPair.open()) {
                    SocketBufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.THREADSAFE,
                            BevOption.CLOSE_ON_FREE);
                    bev.setCallbacks(b -> b.input().drain(Long.MAX_VALUE), null, null);
                    bev.enable(Ev.READ);
                    CountDownLatch flooding = new CountDownLatch(1);
                    stress.fork("flood", () -> {
                        ByteBuffer junk = ByteBuffer.allocate(16 * 1024);
                        flooding.countDown();
                        try {
                            for (int i = 0; i < 200 && stress.running(); i++) {
                                junk.clear();
                                while (junk.hasRemaining()) {
                                    if (pair.right.write(junk) == 0) {
                                        Thread.onSpinWait();
                                    }
                                }
                            }
                        } catch (IOException closedUnderneath) {
                            // The test closed the connection: the flood is over.
                        }
                    });
                    assertThat(flooding.await(10, TimeUnit.SECONDS)).isTrue();
                    bev.write("first".getBytes());
                    bev.disable(Ev.READ);
                    bev.enable(Ev.READ);
                    bev.flush(Ev.WRITE, BevFlush.NORMAL);
                    bev.close();
                    pair.right.close();
                    stress.joinForked();
                    connections.incrementAndGet();
                    stress.progress();
                }
            }
        });
        assertThat(connections.get()).isPositive();
    }

    /** Sends numbered bytes and reads the echo until the run's time is up. */
    private static void echoAgainst(SocketChannel peer, Stress stress) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(4096);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long sent = 0;
        long received = 0;
        while (stress.running()) {
            out.clear();
            sent += peer.write(out);
            in.clear();
            received += peer.read(in);
            if (sent - received > 1 << 20) {
                Thread.onSpinWait();
            }
        }
    }

    private static void deadline(BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("in time").isTrue();
            Thread.onSpinWait();
        }
    }
}
