package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate-limit groups: one bucket shared by many connections, measured on real sockets. */
class RateLimitGroupTest {
    private EventBase base;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        base.close();
    }

    private SocketBufferEvent[] connection() throws IOException {
        SocketPair pair = SocketPair.open();
        SocketBufferEvent a = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
        SocketBufferEvent b = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
        toClose.add(a);
        toClose.add(b);
        return new SocketBufferEvent[] {a, b};
    }

    private void runFor(Duration d) {
        boolean[] done = new boolean[1];
        io.jevent.Event stop = base.newTimer((ev, what) -> done[0] = true);
        stop.add(d);
        runUntil(base, () -> done[0]);
        stop.close();
    }

    @Test
    void fiftyConnectionsShareTheGroupsRateFairly() throws IOException {
        int n = 50;
        long perSecond = 1 << 20;
        RateLimitGroup group = new RateLimitGroup(base,
                RateLimit.of(perSecond / 10, 3 * perSecond / 10, perSecond / 10, 3 * perSecond / 10,
                        Duration.ofMillis(100)));
        toClose.add(group);
        long[][] counts = new long[n][];
        for (int i = 0; i < n; i++) {
            SocketBufferEvent[] c = connection();
            c[0].setRateLimitGroup(group);
            RateLimitTest.keepBusy(c[0]);
            counts[i] = RateLimitTest.counting(c[1]);
        }
        assertThat(group.size()).isEqualTo(n);
        // Let every connection start, then measure over three seconds.
        runFor(Duration.ofMillis(300));
        long[] before = new long[n];
        for (int i = 0; i < n; i++) {
            before[i] = counts[i][0];
        }
        group.resetTotals();
        long start = System.nanoTime();
        runFor(Duration.ofSeconds(3));
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] moved = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            moved[i] = counts[i][0] - before[i];
            total += moved[i];
        }
        double rate = total / seconds;
        double fair = rate / n;
        long slowest = Arrays.stream(moved).min().getAsLong();
        System.out.printf("group of %d at %d B/s: total %.0f B/s, slowest %.0f%% of its fair share, group wrote %d%n",
                n, perSecond, rate, 100 * slowest / seconds / fair, group.totalWritten());
        // Never above the group's rate; below it only by what a late loop loses (a tick it wakes
        // for late is not given back), which a loaded machine can make a few percent.
        assertThat(rate).isBetween(0.8 * perSecond, 1.1 * perSecond);
        assertThat(slowest / seconds).as("the slowest connection's rate").isGreaterThan(fair / 2);
        assertThat(group.totalWritten()).isCloseTo(total, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void theMinimumShareIsAtMostOneTicksRate() {
        RateLimitGroup group = new RateLimitGroup(base, RateLimit.of(1000, 1000, 40, 40));
        toClose.add(group);
        assertThat(group.minShare()).isEqualTo(40);
        group.setMinShare(10);
        assertThat(group.minShare()).isEqualTo(10);
        group.setRateLimit(RateLimit.of(5, 5, 5, 5));
        assertThat(group.minShare()).isEqualTo(5);
        assertThatThrownBy(() -> group.setMinShare(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void decrementingTheGroupPausesEveryMemberAndItsTotalsCountWhatMembersMove() throws IOException {
        RateLimitGroup group = new RateLimitGroup(base, RateLimit.of(10_000, 10_000, 10_000, 10_000,
                Duration.ofMillis(50)));
        toClose.add(group);
        SocketBufferEvent[] c = connection();
        c[1].setRateLimitGroup(group);
        assertThat(c[1].rateLimitGroup()).isSameAs(group);
        long[] got = RateLimitTest.counting(c[1]);
        group.decrementRead(20_000);
        assertThat(group.readLimit()).isEqualTo(-10_000);
        assertThat(c[1].maxToRead()).isZero();
        c[0].write(new byte[3000]);
        // Two ticks bring the level back above zero; then the member reads again.
        runUntil(base, () -> got[0] == 3000);
        assertThat(group.totalRead()).isEqualTo(3000);
        group.resetTotals();
        assertThat(group.totalRead()).isZero();
        c[1].setRateLimitGroup(null);
        assertThat(group.size()).isZero();
        assertThat(c[1].maxToRead()).isEqualTo(c[1].maxSingleRead());
    }

    @Test
    void closingTheGroupLetsItsMembersGoAndAMemberOfAnotherBaseIsRefused() throws IOException {
        RateLimitGroup group = new RateLimitGroup(base, RateLimit.of(100, 100, 100, 100));
        SocketBufferEvent[] c = connection();
        c[0].setRateLimitGroup(group);
        group.close();
        assertThat(c[0].rateLimitGroup()).isNull();
        assertThatThrownBy(() -> c[1].setRateLimitGroup(group)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (EventBase other = new EventBase(); SocketPair pair = SocketPair.open()) {
            RateLimitGroup elsewhere = new RateLimitGroup(other, RateLimit.of(100, 100, 100, 100));
            SocketBufferEvent bev = BufferEvent.socket(base, pair.left);
            assertThatThrownBy(() -> bev.setRateLimitGroup(elsewhere)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("another base");
            bev.close();
            elsewhere.close();
        }
    }
}
