package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jevent.buffer.ThreadAllocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the native backends do (edge triggering, half-close notification) and what they must
 * do as well as java.nio does with raw descriptors: thousands of them, reused numbers, wakeups,
 * interrupts. Written once, run over each native backend by a subclass, where that backend can run
 * (JDK 22+, from the jar, with its flag: the build's native passes) and skipped elsewhere.
 */
abstract class NativeBackendContract {

    /** The backend under test. */
    abstract BackendKind kind();

    @BeforeEach
    void needTheBackend() {
        assumeTrue(kind().isAvailable(), kind() + " cannot run in this JVM");
    }

    EventBase base() {
        EventBase base = EventBase.builder().backend(kind()).build();
        assertThat(base.backendName()).isEqualTo(kind().methodName());
        return base;
    }

    static boolean readSome(Event e) {
        try {
            String got = SocketPair.readAvailable((SocketChannel) e.channel());
            return got != null && !got.isEmpty();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Test
    void levelTriggeredReadFiresAgainWhileDataWaitsUnread() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger fired = new AtomicInteger();
            Event ev = b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> fired.incrementAndGet());
            ev.add();
            SocketPair.write(pair.left, "x");
            LoopRunner.runUntil(b, () -> fired.get() == 1);
            for (int i = 0; i < 5; i++) {
                b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            }
            assertThat(fired.get()).isEqualTo(6);
        }
    }

    @Test
    void edgeTriggeredReadFiresOncePerArrivalEvenIfNothingIsRead() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger fired = new AtomicInteger();
            Event ev = b.newEvent(pair.right, Ev.READ | Ev.ET | Ev.PERSIST, (e, what) -> fired.incrementAndGet());
            ev.add();
            SocketPair.write(pair.left, "x");
            LoopRunner.runUntil(b, () -> fired.get() == 1);
            for (int i = 0; i < 5; i++) {
                b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            }
            assertThat(fired.get()).isEqualTo(1);
            SocketPair.write(pair.left, "y");
            LoopRunner.runUntil(b, () -> fired.get() == 2);
            assertThat(SocketPair.readAvailable(pair.right)).isEqualTo("xy");
        }
    }

    @Test
    void closedFiresWhenThePeerShutsDownItsOutput() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger seen = new AtomicInteger();
            Event ev = b.newEvent(pair.right, Ev.CLOSED, (e, what) -> seen.set(what));
            ev.add();
            assertThat(ev.pending(Ev.CLOSED)).isEqualTo(Ev.CLOSED);
            pair.left.shutdownOutput();
            LoopRunner.runUntil(b, () -> seen.get() != 0);
            assertThat(seen.get() & Ev.CLOSED).isEqualTo(Ev.CLOSED);
            assertThat(seen.get() & Ev.WRITE).isZero();
        }
    }

    @Test
    void readAndClosedTogetherReportBothWhenDataAndTheEndArrive() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger seen = new AtomicInteger();
            Event ev = b.newEvent(pair.right, Ev.READ | Ev.CLOSED | Ev.PERSIST,
                    (e, what) -> seen.getAndUpdate(v -> v | what));
            ev.add();
            SocketPair.write(pair.left, "last words");
            pair.left.shutdownOutput();
            LoopRunner.runUntil(b, () -> (seen.get() & Ev.CLOSED) != 0);
            assertThat(seen.get() & (Ev.READ | Ev.CLOSED)).isEqualTo(Ev.READ | Ev.CLOSED);
            assertThat(SocketPair.readAvailable(pair.right)).isEqualTo("last words");
        }
    }

    @Test
    void watchesMoreChannelsThanSelectCouldNumber() throws Exception {
        int n = 700; // 1,400 descriptors: many above FD_SETSIZE (1024)
        List<SocketPair> pairs = new ArrayList<>();
        try (EventBase b = base()) {
            AtomicInteger fired = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                SocketPair p = SocketPair.open();
                pairs.add(p);
                b.newEvent(p.right, Ev.READ, (e, what) -> {
                    if (readSome(e)) {
                        fired.incrementAndGet();
                    }
                }).add();
            }
            for (SocketPair p : pairs) {
                SocketPair.write(p.left, "!");
            }
            LoopRunner.runUntil(b, () -> fired.get() == n);
            assertThat(b.eventCount(EventBase.COUNT_ADDED)).isZero();
        } finally {
            for (SocketPair p : pairs) {
                p.close();
            }
        }
    }

    @Test
    void aChannelClosedUnderItsEventLeavesItsReusedDescriptorAlone() throws Exception {
        try (EventBase b = base()) {
            SocketPair first = SocketPair.open();
            AtomicInteger firstFired = new AtomicInteger();
            Event stale = b.newEvent(first.right, Ev.READ | Ev.PERSIST, (e, what) -> firstFired.incrementAndGet());
            stale.add();
            b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            first.close();
            // The kernel hands out the lowest free numbers: the next channels reuse the closed ones.
            try (SocketPair second = SocketPair.open()) {
                AtomicInteger secondFired = new AtomicInteger();
                Event fresh = b.newEvent(second.right, Ev.READ | Ev.PERSIST,
                        (e, what) -> {
                            if (readSome(e)) {
                                secondFired.incrementAndGet();
                            }
                        });
                fresh.add();
                // Deleting the closed channel's event must not take the new channel out of the kernel's set.
                stale.del();
                SocketPair.write(second.left, "a");
                LoopRunner.runUntil(b, () -> secondFired.get() == 1);
                SocketPair.write(second.left, "b");
                LoopRunner.runUntil(b, () -> secondFired.get() == 2);
                assertThat(firstFired.get()).isZero();
                fresh.close();
            }
        }
    }

    @Test
    void aLoopWaitingWithNothingDueWakesForAnotherThread() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            // A pending event with no timeout: the loop sleeps in the kernel until woken.
            b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> { }).add();
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<LoopResult> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                result.set(b.dispatch());
            }, kind().methodName() + "-loop");
            t.start();
            for (int i = 0; i < 3; i++) {
                CountDownLatch each = new CountDownLatch(1);
                b.execute(each::countDown);
                assertThat(each.await(10, TimeUnit.SECONDS)).isTrue();
            }
            b.execute(() -> {
                ran.countDown();
                b.loopExit();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).isFalse();
            assertThat(result.get()).isNotNull();
        }
    }

    @Test
    void anInterruptWakesALoopWaitingWithNothingDue() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> { }).add();
            CountDownLatch running = new CountDownLatch(1);
            b.execute(running::countDown);
            AtomicReference<Boolean> keptInterrupt = new AtomicReference<>();
            Thread t = new Thread(() -> {
                b.dispatch();
                keptInterrupt.set(Thread.currentThread().isInterrupted() && b.gotBreak());
            }, kind().methodName() + "-loop");
            t.start();
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).isFalse();
            assertThat(keptInterrupt.get()).isTrue();
        }
    }

    @Test
    void levelTriggeredWriteFiresEveryIterationWhileTheChannelCanTakeMore() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger fired = new AtomicInteger();
            b.newEvent(pair.right, Ev.WRITE | Ev.PERSIST, (e, what) -> fired.incrementAndGet()).add();
            LoopRunner.runUntil(b, () -> fired.get() == 1);
            for (int i = 0; i < 5; i++) {
                b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            }
            assertThat(fired.get()).isEqualTo(6);
        }
    }

    @Test
    void anEventThatStopsWatchingReadsIsNotCalledForDataAnyMore() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger reads = new AtomicInteger();
            Event ev = b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> reads.incrementAndGet());
            ev.add();
            SocketPair.write(pair.left, "x");
            LoopRunner.runUntil(b, () -> reads.get() == 1);
            ev.del();
            AtomicInteger writes = new AtomicInteger();
            b.newEvent(pair.right, Ev.WRITE, (e, what) -> writes.set(what)).add();
            LoopRunner.runUntil(b, () -> writes.get() != 0);
            assertThat(writes.get()).isEqualTo(Ev.WRITE);
            assertThat(reads.get()).isEqualTo(1);
            assertThat(SocketPair.readAvailable(pair.right)).isEqualTo("x");
        }
    }

    @Test
    void aReadableChannelsIterationAllocatesNothingOnceWarm() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            ByteBuffer out = ByteBuffer.allocateDirect(64);
            int[] reads = new int[1];
            b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> {
                try {
                    in.clear();
                    if (pair.right.read(in) > 0) {
                        reads[0]++;
                    }
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
            }).add();
            // Until the JIT has compiled the downcalls, their wrappers allocate: measure rounds until
            // one allocates nothing, and fail only if none does in a generous number of them.
            int round = 10_000;
            long perIteration = -1;
            for (int r = 0; r < 20 && perIteration != 0; r++) {
                long before = ThreadAllocations.current();
                for (int i = 0; i < round; i++) {
                    out.clear();
                    out.put((byte) i).flip();
                    pair.left.write(out);
                    int expected = reads[0] + 1;
                    while (reads[0] < expected) {
                        b.loop(EventBase.LOOP_ONCE);
                    }
                }
                perIteration = (ThreadAllocations.current() - before) / round;
            }
            assertThat(perIteration).as("bytes allocated per readable iteration").isZero();
        }
    }
}
