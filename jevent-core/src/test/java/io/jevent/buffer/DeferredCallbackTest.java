package io.jevent.buffer;

import static io.jevent.buffer.Bytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import io.jevent.buffer.internal.BufferPort;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** evbuffer_defer_callbacks: callbacks run later from a real EventBase loop, with changes summed. */
@ExtendWith(PoolHygiene.class)
class DeferredCallbackTest {
    private EventBase base;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    private EvBufferCallback log(String name) {
        return (buf, orig, added, deleted) -> calls.add(name + " " + orig + "+" + added + "-" + deleted
                + (base.inLoopThread() ? " in loop" : " outside"));
    }

    /** Runs the loop until {@code done}, failing after ten seconds; never sleeps. */
    private void loopUntil(BooleanSupplier done) {
        boolean[] timedOut = new boolean[1];
        var guard = base.newTimer((ev, what) -> {
            timedOut[0] = true;
            base.loopBreak();
        });
        guard.add(Duration.ofSeconds(10));
        try {
            while (!done.getAsBoolean() && !timedOut[0]) {
                base.loop(EventBase.LOOP_ONCE);
            }
        } finally {
            guard.close();
        }
        assertThat(timedOut[0]).as("timed out waiting for the loop").isFalse();
    }

    @Test
    void changesAreReportedOnceFromTheLoopWithTheirCountsSummed() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("before"));
            b.addCallback(log("cb"));
            b.deferCallbacks(base);
            b.add(ascii("abc"));
            b.add(ascii("defg"));
            b.drain(2);
            assertThat(calls).isEmpty();
            loopUntil(() -> !calls.isEmpty());
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(calls).containsExactly("cb 6+7-2 in loop");
            b.drain(b.length());
            loopUntil(() -> calls.size() == 2);
            assertThat(calls.get(1)).isEqualTo("cb 11+0-11 in loop");
        }
    }

    @Test
    void anOwnerHearsEveryChangeAtOnceWhileTheCallbacksWait() {
        try (EvBuffer b = new EvBuffer()) {
            b.deferCallbacks(base);
            b.addCallback(log("deferred"));
            BufferPort owner = BufferPort.holdStart(b, "a test", (start, length, added, deleted) ->
                    calls.add("owner " + length + "+" + added + "-" + deleted));
            b.add(ascii("ab"));
            b.add(ascii("c"));
            assertThat(calls).containsExactly("owner 2+2-0", "owner 3+1-0");
            loopUntil(() -> calls.size() == 3);
            assertThat(calls.get(2)).isEqualTo("deferred 0+3-0 in loop");
            owner.release();
        }
    }

    @Test
    void changesMadeOnOtherThreadsAreReportedOnTheLoopThread() throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (EvBuffer b = new EvBuffer()) {
            b.enableLocking(null);
            b.deferCallbacks(base);
            long[] seen = new long[1];
            b.addCallback((buf, orig, added, deleted) -> {
                assertThat(base.inLoopThread()).isTrue();
                seen[0] += added;
            });
            writer.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    b.add(ascii("0123456789"));
                }
            }).get(10, TimeUnit.SECONDS);
            loopUntil(() -> seen[0] == 10_000);
            assertThat(b.length()).isEqualTo(10_000);
        } finally {
            writer.shutdownNow();
            assertThat(writer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void closingTheBufferCancelsAPendingRun() {
        EvBuffer b = new EvBuffer();
        b.addCallback(log("cb"));
        b.deferCallbacks(base);
        b.add(ascii("x"));
        b.close();
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(calls).isEmpty();
    }

    @Test
    void deferringAgainToAnotherBaseMovesTheRuns() {
        try (EvBuffer b = new EvBuffer(); EventBase other = new EventBase()) {
            b.addCallback(log("cb"));
            b.deferCallbacks(base);
            b.deferCallbacks(base);
            b.deferCallbacks(other);
            b.add(ascii("x"));
            base.loop(EventBase.LOOP_NONBLOCK);
            assertThat(calls).isEmpty();
            other.loop(EventBase.LOOP_NONBLOCK);
            assertThat(calls).containsExactly("cb 0+1-0 outside");
        }
    }
}
