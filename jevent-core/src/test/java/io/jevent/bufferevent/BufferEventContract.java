package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every BufferEvent variant promises, written once: each variant's test extends this and says
 * how to make two BufferEvents connected to each other.
 */
abstract class BufferEventContract {
    protected EventBase base;
    protected final List<String> log = new ArrayList<>();

    /** Two BufferEvents connected to each other; whatever {@code a} writes, {@code b} reads. */
    protected record Connected(BufferEvent a, BufferEvent b) {
    }

    /** Both ends are created with CLOSE_ON_FREE plus {@code options}. */
    protected abstract Connected open(BevOption... options) throws IOException;

    @BeforeEach
    void newBase() {
        base = newEventBase();
    }

    /** The base each test runs on; a variant may build it otherwise. */
    protected EventBase newEventBase() {
        return new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String drainText(EvBuffer buf) {
        byte[] all = new byte[(int) buf.length()];
        buf.remove(all);
        return new String(all, StandardCharsets.US_ASCII);
    }

    @Test
    void dataWrittenOnOneSideRunsTheReadCallbackOnTheOther() throws Exception {
        Connected c = open();
        StringBuilder got = new StringBuilder();
        c.b().setCallbacks(b -> got.append(drainText(b.input())), null, null);
        c.b().enable(Ev.READ);
        c.a().write(ascii("hello, "));
        c.a().write(java.nio.ByteBuffer.wrap(ascii("world")));
        runUntil(base, () -> got.length() == 12);
        assertThat(got).hasToString("hello, world");
    }

    @Test
    void theWriteCallbackRunsWhenTheOutputHasDrained() throws Exception {
        Connected c = open();
        List<Long> outputAtCallback = new ArrayList<>();
        c.a().setCallbacks(null, a -> outputAtCallback.add(a.output().length()), null);
        c.b().enable(Ev.READ);
        c.a().write(new byte[100_000]);
        runUntil(base, () -> !outputAtCallback.isEmpty());
        assertThat(outputAtCallback).containsExactly(0L);
    }

    @Test
    void theReadLowWatermarkHoldsTheReadCallbackBack() throws Exception {
        Connected c = open();
        List<Long> lengths = new ArrayList<>();
        c.b().setWatermark(Ev.READ, 10, 0);
        c.b().setCallbacks(b -> {
            lengths.add(b.input().length());
            b.input().drain(b.input().length());
        }, null, null);
        c.b().enable(Ev.READ);
        c.a().write(ascii("12345"));
        c.a().write(ascii("67890"));
        runUntil(base, () -> !lengths.isEmpty());
        assertThat(lengths).containsExactly(10L);
    }

    @Test
    void theReadHighWatermarkPausesReadingUntilTheInputIsDrained() throws Exception {
        Connected c = open();
        int total = 256 * 1024;
        long[] maxSeen = new long[1];
        long[] received = new long[1];
        c.b().setWatermark(Ev.READ, 0, 16 * 1024);
        c.b().setCallbacks(b -> maxSeen[0] = Math.max(maxSeen[0], b.input().length()), null, null);
        c.b().enable(Ev.READ);
        c.a().write(new byte[total]);
        // Nobody drains: reading stops at the watermark.
        runUntil(base, () -> c.b().input().length() >= 16 * 1024);
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(c.b().input().length()).isEqualTo(16 * 1024);
        // Draining resumes reading by itself, never above the mark.
        c.b().setCallbacks(b -> {
            maxSeen[0] = Math.max(maxSeen[0], b.input().length());
            received[0] += b.input().drain(b.input().length());
        }, null, null);
        received[0] += c.b().input().drain(c.b().input().length());
        runUntil(base, () -> received[0] == total);
        assertThat(maxSeen[0]).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void theWriteLowWatermarkRunsTheWriteCallbackBeforeEverythingIsSent() throws Exception {
        Connected c = open();
        c.a().setWatermark(Ev.WRITE, 1 << 30, 0);
        int[] calls = new int[1];
        c.a().setCallbacks(null, a -> calls[0]++, null);
        c.b().enable(Ev.READ);
        c.a().write(ascii("x"));
        runUntil(base, () -> calls[0] > 0);
    }

    @Test
    void aReadTimeoutIsReadingTimeoutAndDisablesReading() throws Exception {
        Connected c = open();
        List<Integer> events = new ArrayList<>();
        c.b().setCallbacks(null, null, (b, what) -> events.add(what));
        c.b().setTimeouts(java.time.Duration.ofMillis(50), null);
        c.b().enable(Ev.READ);
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.TIMEOUT);
        assertThat(c.b().enabled() & Ev.READ).isZero();
    }

    @Test
    void dataKeepsTheReadTimeoutFromElapsing() throws Exception {
        Connected c = open();
        List<Integer> events = new ArrayList<>();
        int[] reads = new int[1];
        c.b().setCallbacks(b -> {
            reads[0]++;
            b.input().drain(b.input().length());
        }, null, (b, what) -> events.add(what));
        c.b().setTimeouts(java.time.Duration.ofMillis(500), null);
        c.b().enable(Ev.READ);
        // A byte every 50 ms for 1 s: twice the timeout passes, yet it never elapses. The gap
        // between bytes is a tenth of the timeout so that a loaded machine's late wake-ups
        // cannot stretch one gap past it.
        io.jevent.Event writer = base.newEvent(null, Ev.PERSIST, (ev, what) -> {
            if (reads[0] < 20) {
                c.a().write(ascii("."));
            }
        });
        writer.add(java.time.Duration.ofMillis(50));
        runUntil(base, () -> reads[0] >= 20 || !events.isEmpty());
        writer.close();
        assertThat(events).isEmpty();
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.TIMEOUT);
    }

    @Test
    void endOfStreamIsReadingEofAndDisablesReading() throws Exception {
        Connected c = open();
        StringBuilder got = new StringBuilder();
        List<Integer> events = new ArrayList<>();
        c.b().setCallbacks(b -> got.append(drainText(b.input())), null, (b, what) -> events.add(what));
        c.b().enable(Ev.READ);
        c.a().write(ascii("last words"));
        c.a().closeAfterFlush();
        runUntil(base, () -> !events.isEmpty());
        assertThat(got).hasToString("last words");
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        assertThat(c.b().enabled() & Ev.READ).isZero();
    }

    @Test
    void closeAfterFlushDeliversEverythingThenReportsClosed() throws Exception {
        Connected c = open();
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        long[] count = new long[1];
        List<Integer> aEvents = new ArrayList<>();
        boolean[] eof = new boolean[1];
        c.b().setCallbacks(b -> {
            byte[] chunk = new byte[(int) b.input().length()];
            b.input().remove(chunk);
            received.update(chunk);
            count[0] += chunk.length;
        }, null, (b, what) -> {
            eof[0] = (what & BevEvent.EOF) != 0;
            b.close();
        });
        c.b().enable(Ev.READ);
        c.a().setCallbacks(null, null, (a, what) -> aEvents.add(what));
        byte[] data = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(data);
        sent.update(data);
        c.a().write(data);
        c.a().closeAfterFlush();
        runUntil(base, () -> eof[0] && !aEvents.isEmpty());
        assertThat(count[0]).isEqualTo(data.length);
        assertThat(received.getValue()).isEqualTo(sent.getValue());
        assertThat(aEvents).containsExactly(BevEvent.FLUSHED_AND_CLOSED);
        assertThat(c.a().isClosed()).isTrue();
    }

    @Test
    void disablingReadingInsideTheReadCallbackStopsFurtherReads() throws Exception {
        Connected c = open();
        int[] calls = new int[1];
        c.b().setCallbacks(b -> {
            calls[0]++;
            b.disable(Ev.READ);
        }, null, null);
        c.b().enable(Ev.READ);
        c.a().write(ascii("one"));
        runUntil(base, () -> calls[0] == 1);
        c.a().write(ascii("two"));
        base.loop(EventBase.LOOP_NONBLOCK);
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(calls[0]).isEqualTo(1);
        assertThat(c.b().enabled() & Ev.READ).isZero();
        c.b().enable(Ev.READ);
        runUntil(base, () -> calls[0] == 2);
    }

    @Test
    void closingInsideTheReadCallbackStopsEveryCallback() throws Exception {
        Connected c = open();
        List<String> seen = new ArrayList<>();
        c.b().setCallbacks(b -> {
            seen.add("read");
            b.close();
        }, b -> seen.add("write"), (b, what) -> seen.add("event " + what));
        c.b().enable(Ev.READ | Ev.WRITE);
        c.a().write(ascii("bye"));
        runUntil(base, () -> c.b().isClosed());
        c.a().close();
        runUntil(base, () -> true);
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(seen).endsWith("read");
        assertThat(seen.stream().filter(s -> s.equals("read")).count()).isEqualTo(1);
        assertThatThrownBy(() -> c.b().write(ascii("more"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void deferredCallbacksRunFromTheLoopOncePerRound() throws Exception {
        Connected c = open(BevOption.DEFER_CALLBACKS);
        List<String> order = new ArrayList<>();
        c.b().setCallbacks(b -> order.add("read " + drainText(b.input())), null,
                (b, what) -> order.add("event " + what));
        c.b().enable(Ev.READ);
        c.a().write(ascii("data"));
        runUntil(base, () -> !order.isEmpty());
        assertThat(order).containsExactly("read data");
        // Triggered twice before the loop runs them: one read callback.
        order.clear();
        c.b().trigger(Ev.READ, BevTrigger.IGNORE_WATERMARKS);
        c.b().trigger(Ev.READ, BevTrigger.IGNORE_WATERMARKS);
        c.b().triggerEvent(BevEvent.READING | BevEvent.TIMEOUT);
        c.b().triggerEvent(BevEvent.CONNECTED);
        assertThat(order).isEmpty();
        runUntil(base, () -> order.size() == 3);
        assertThat(order).containsExactly("event " + BevEvent.CONNECTED, "read ",
                "event " + (BevEvent.READING | BevEvent.TIMEOUT));
    }

    @Test
    void aFastWriterAndASlowReaderMoveEveryByteInOrder() throws Exception {
        Connected c = open();
        int total = 10 * 1024 * 1024;
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        long[] count = new long[1];
        long[] highestInput = new long[1];
        // A slow reader: 4 KiB per read, and a high watermark that keeps it from buffering more.
        c.b().setMaxSingleRead(4096);
        c.b().setWatermark(Ev.READ, 0, 16 * 1024);
        c.b().setCallbacks(b -> {
            highestInput[0] = Math.max(highestInput[0], b.input().length());
            byte[] chunk = new byte[(int) b.input().length()];
            b.input().remove(chunk);
            received.update(chunk);
            count[0] += chunk.length;
        }, null, null);
        c.b().enable(Ev.READ);
        java.util.Random random = new java.util.Random(42);
        byte[] block = new byte[64 * 1024];
        int[] written = new int[1];
        Runnable feed = () -> {
            while (written[0] < total && c.a().output().length() < 256 * 1024) {
                random.nextBytes(block);
                sent.update(block);
                c.a().write(block);
                written[0] += block.length;
            }
        };
        c.a().setWatermark(Ev.WRITE, 128 * 1024, 0);
        c.a().setCallbacks(null, a -> feed.run(), null);
        feed.run();
        runUntil(base, () -> count[0] == total);
        assertThat(received.getValue()).isEqualTo(sent.getValue());
        assertThat(highestInput[0]).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void aBufferEventsOutputCannotBeDrainedByTheUserAndSaysWhatToDoInstead() throws Exception {
        Connected c = open();
        // Not writing: the bytes stay in the output, whatever the kind.
        c.a().disable(Ev.WRITE);
        c.a().output().add(ascii("queued"));
        assertThatThrownBy(() -> c.a().output().drain(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frozen").hasMessageContaining("BufferEvent")
                .hasMessageContaining("add to output() instead");
        assertThatThrownBy(() -> c.b().input().add(ascii("forged"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frozen");
    }

    @Test
    void badWatermarksAndFlagsAreRefusedWithTheValue() throws Exception {
        Connected c = open();
        assertThatThrownBy(() -> c.a().setWatermark(Ev.READ, -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative").hasMessageContaining("-1");
        assertThatThrownBy(() -> c.a().setWatermark(Ev.READ, 10, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low watermark 10 is above high watermark 5");
        assertThatThrownBy(() -> c.a().enable(Ev.SIGNAL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ev.READ and/or Ev.WRITE");
        assertThatThrownBy(() -> BufferEvent.socket(base, null, BevOption.UNLOCK_CALLBACKS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DEFER_CALLBACKS");
    }

    @Test
    void aThreadsafeBufferEventAcceptsWritesFromAnotherThread() throws Exception {
        Connected c = open(BevOption.THREADSAFE);
        StringBuilder got = new StringBuilder();
        c.b().setCallbacks(b -> got.append(drainText(b.input())), null, null);
        c.b().enable(Ev.READ);
        CountDownLatch written = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                c.a().write(ascii("x"));
            }
            written.countDown();
        });
        writer.start();
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        runUntil(base, () -> got.length() == 100);
    }

    @Test
    void withUnlockCallbacksAnotherThreadMayTakeTheLockWhileACallbackRuns() throws Exception {
        for (boolean unlocked : new boolean[] {true, false}) {
            Connected c = unlocked
                    ? open(BevOption.THREADSAFE, BevOption.DEFER_CALLBACKS,
                            BevOption.UNLOCK_CALLBACKS)
                    : open(BevOption.THREADSAFE, BevOption.DEFER_CALLBACKS);
            boolean[] otherGotTheLock = new boolean[1];
            boolean[] ran = new boolean[1];
            c.b().setCallbacks(b -> {
                ran[0] = true;
                CountDownLatch locked = new CountDownLatch(1);
                Thread other = new Thread(() -> {
                    b.lock();
                    locked.countDown();
                    b.unlock();
                });
                other.start();
                try {
                    // Held lock: the other thread waits for this callback, so give it a short while.
                    otherGotTheLock[0] = locked.await(unlocked ? 10_000 : 300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                b.input().drain(b.input().length());
            }, null, null);
            c.b().enable(Ev.READ);
            c.a().write(ascii("x"));
            runUntil(base, () -> ran[0]);
            assertThat(otherGotTheLock[0]).as("another thread got the lock during the callback").isEqualTo(unlocked);
            c.a().close();
            c.b().close();
        }
    }

    @Test
    void withoutThreadsafeACallFromAnotherThreadWhileTheLoopRunsIsRefused() throws Exception {
        Connected c = open();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch tried = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        base.execute(running::countDown);
        Thread other = new Thread(() -> {
            try {
                running.await(10, TimeUnit.SECONDS);
                c.a().write(ascii("racy"));
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                tried.countDown();
                base.loopBreak();
            }
        });
        other.start();
        base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
        assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failure[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("THREADSAFE");
    }
}
