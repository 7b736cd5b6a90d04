package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stress harness itself: it stops on time, and turns a hang or a failure into a test failure. */
class StressTest {
    private static final Duration SHORT = Duration.ofMillis(50);
    /** Room for threads to start and stop on a loaded machine. */
    private static final Duration GRACE = Duration.ofMillis(500);
    /** For runs that must fail: they wait it out. */
    private static final Duration SHORT_GRACE = Duration.ofMillis(200);

    @Test
    void aRunStopsItsThreadsWhenItsTimeIsUp() {
        AtomicInteger rounds = new AtomicInteger();
        // Threads that kept going past the time would fail the run at its deadline.
        Stress.run("counting", SHORT, GRACE, stress -> {
            for (int t = 0; t < 2; t++) {
                stress.fork("counter-" + t, () -> {
                    while (stress.running()) {
                        rounds.incrementAndGet();
                        Thread.onSpinWait();
                    }
                });
            }
            stress.joinForked();
        });
        assertThat(rounds.get()).isPositive();
    }

    @Test
    void aHangingRunFailsWithADumpOfEveryThread() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> Stress.run("hanging", SHORT, SHORT_GRACE, stress -> {
            stress.fork("stuck", () -> never.await(1, TimeUnit.HOURS));
            stress.joinForked();
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("hanging: ")
                .hasMessageContaining("Thread dump:")
                .hasMessageContaining("\"hanging/stuck\"")
                .hasMessageContaining("CountDownLatch.await");
    }

    @Test
    void aRunWhoseThreadsStopReportingProgressFailsBeforeItsTimeIsUp() {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Stress.run("stalled", Duration.ofHours(1), SHORT_GRACE, stress -> {
            stress.progress();
            never.await(1, TimeUnit.HOURS);
        })).isInstanceOf(AssertionError.class).hasMessageContaining("no progress for");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theFirstFailureOfAnyThreadFailsTheRun() {
        assertThatThrownBy(() -> Stress.run("failing", SHORT, GRACE, stress -> {
            stress.fork("thrower", () -> {
                throw new IllegalStateException("broken promise");
            });
            stress.joinForked();
        })).isInstanceOf(AssertionError.class).hasMessage("failing failed")
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("broken promise");
    }
}
