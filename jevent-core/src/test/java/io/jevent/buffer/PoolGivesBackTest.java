package io.jevent.buffer;

import static io.jevent.buffer.Bytes.alphabet;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.internal.SegmentPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a burst, the segment pool gives back what it holds beyond its limit once a quiet period has
 * passed without anyone needing it. Each test ends the periods itself with
 * {@link SegmentPool#releaseIdle()}; the background thread is kept out of the way (quiet period 0).
 */
@ExtendWith(PoolHygiene.class)
class PoolGivesBackTest {
    private static final int SEGMENT = 8192;
    private static final long LIMIT = 64 * 1024;

    private long savedBytes;
    private long savedQuiet;

    @BeforeEach
    void smallLimitAndNoBackgroundTrimming() {
        savedBytes = SegmentPool.limitBytes();
        savedQuiet = SegmentPool.quietMillis();
        SegmentPool.limit(LIMIT, 0);
        // Earlier tests in this JVM may have left the pool full: the first call ends their period,
        // the second releases all of it beyond the limit, so each test starts from a small pool.
        SegmentPool.releaseIdle();
        SegmentPool.releaseIdle();
        assertThat(SegmentPool.free()).isLessThanOrEqualTo(LIMIT / SEGMENT);
    }

    @AfterEach
    void restoreLimits() {
        SegmentPool.limit(savedBytes, savedQuiet);
    }

    /** Takes about {@code bytes} of segments from the pool and gives them all back. */
    private static void burst(int bytes) {
        try (EvBuffer b = new EvBuffer()) {
            b.add(alphabet(0, bytes));
        }
    }

    @Test
    void freeSegmentsBeyondTheLimitAreReleasedAfterAWholeQuietPeriod() {
        burst(4 << 20);
        long afterBurst = SegmentPool.free();
        assertThat(afterBurst).isGreaterThanOrEqualTo((4 << 20) / SEGMENT);

        assertThat(SegmentPool.releaseIdle()).as("returned during this period: not idle for a whole one").isZero();
        assertThat(SegmentPool.free()).isEqualTo(afterBurst);

        long released = SegmentPool.releaseIdle();
        assertThat(released).isEqualTo(afterBurst - LIMIT / SEGMENT);
        assertThat(SegmentPool.free()).isEqualTo(LIMIT / SEGMENT);
    }

    @Test
    void segmentsTakenDuringThePeriodAreKept() {
        burst(2 << 20);
        SegmentPool.releaseIdle();
        long free = SegmentPool.free();

        burst((int) (free * SEGMENT));   // everything in the pool was needed again in this period

        assertThat(SegmentPool.releaseIdle()).isLessThanOrEqualTo(1);
        assertThat(SegmentPool.free()).isGreaterThanOrEqualTo(free - 1);
    }

    @Test
    void nothingWithinTheLimitIsEverReleased() {
        burst((int) LIMIT / 2);
        long free = SegmentPool.free();
        SegmentPool.releaseIdle();
        SegmentPool.releaseIdle();
        SegmentPool.releaseIdle();
        assertThat(SegmentPool.free()).isEqualTo(Math.min(free, LIMIT / SEGMENT));
    }

    @Test
    void aReleasedPoolStillServesTheNextBurst() {
        burst(1 << 20);
        SegmentPool.releaseIdle();
        SegmentPool.releaseIdle();
        try (EvBuffer b = new EvBuffer()) {
            b.add(alphabet(3, 1 << 20));
            assertThat(b.length()).isEqualTo(1 << 20);
            assertThat(b.search(alphabet(3 + 1000, 26))).as("the alphabet repeats every 26 bytes").isEqualTo(1000 % 26);
        }
    }

    @Test
    void aQuietPeriodOfZeroKeepsTheLimitAsSet() {
        SegmentPool.limit(100, 0);
        assertThat(SegmentPool.limitBytes()).as("rounded up to whole segments").isEqualTo(SEGMENT);
        assertThat(SegmentPool.quietMillis()).isZero();
    }
}
