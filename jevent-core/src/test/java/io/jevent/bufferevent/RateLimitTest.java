package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token buckets, per BufferEvent: configuration, levels, and rates measured on real sockets. */
class RateLimitTest {
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

    /** Two socket BufferEvents connected on 127.0.0.1: {@code [0]} sends, {@code [1]} receives. */
    private SocketBufferEvent[] connection() throws IOException {
        SocketPair pair = SocketPair.open();
        SocketBufferEvent a = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
        SocketBufferEvent b = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
        toClose.add(a);
        toClose.add(b);
        return new SocketBufferEvent[] {a, b};
    }

    /** Keeps the sender's output at least 256 KiB full: it always has something to send. */
    static void keepBusy(BufferEvent sender) {
        byte[] block = new byte[64 * 1024];
        sender.setWatermark(Ev.WRITE, 256 * 1024, 0);
        sender.setCallbacks(null, s -> {
            while (s.output().length() < 512 * 1024) {
                s.write(block);
            }
        }, null);
        sender.trigger(Ev.WRITE);
    }

    /** Counts and discards what arrives. */
    static long[] counting(BufferEvent receiver) {
        long[] count = new long[1];
        receiver.setCallbacks(r -> count[0] += r.input().drain(r.input().length()), null, null);
        receiver.enable(Ev.READ);
        return count;
    }

    /** Runs the loop for {@code d}, from now. */
    private void runFor(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        boolean[] done = new boolean[1];
        io.jevent.Event stop = base.newTimer((ev, what) -> done[0] = true);
        stop.add(d);
        runUntil(base, () -> done[0] || System.nanoTime() > end + Duration.ofSeconds(1).toNanos());
        stop.close();
    }

    @Test
    void aConfigurationRefusesRatesBelowOneAndBurstsBelowTheRateNamingTheValue() {
        assertThatThrownBy(() -> RateLimit.of(0, 10, 10, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read rate must be at least 1 byte per tick: 0");
        assertThatThrownBy(() -> RateLimit.of(10, 10, -5, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write rate must be at least 1 byte per tick: -5");
        assertThatThrownBy(() -> RateLimit.of(10, 9, 10, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read burst 9 is below the read rate 10");
        assertThatThrownBy(() -> RateLimit.of(10, 10, 10, 10, Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        RateLimit r = RateLimit.of(1, 2, 3, 4, Duration.ofMillis(250));
        assertThat(r.readRate()).isEqualTo(1);
        assertThat(r.readBurst()).isEqualTo(2);
        assertThat(r.writeRate()).isEqualTo(3);
        assertThat(r.writeBurst()).isEqualTo(4);
        assertThat(r.tick()).isEqualTo(Duration.ofMillis(250));
        assertThat(r).isEqualTo(RateLimit.of(1, 2, 3, 4, Duration.ofMillis(250)));
        assertThat(RateLimit.of(5, 5, 5, 5).tick()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aBucketRefillsByTheRatePerTickUpToTheBurst() {
        RateLimit cfg = RateLimit.of(10, 25, 100, 100);
        TokenBucket bucket = new TokenBucket();
        bucket.init(cfg, 7, false);
        assertThat(bucket.read).isEqualTo(10);
        bucket.read -= 40;
        assertThat(bucket.update(cfg, 7)).isFalse();
        assertThat(bucket.update(cfg, 9)).isTrue();
        assertThat(bucket.read).isEqualTo(-10);
        bucket.update(cfg, 1_000_000_000_000L);
        assertThat(bucket.read).isEqualTo(25);
        assertThat(bucket.write).isEqualTo(100);
        bucket.init(RateLimit.of(10, 20, 50, 50), 0, true);
        assertThat(bucket.read).isEqualTo(20);
        assertThat(bucket.write).isEqualTo(50);
    }

    @Test
    void withoutALimitTheLevelsAreUnboundedAndMaxToReadIsTheMaxSingleRead() throws IOException {
        SocketBufferEvent a = connection()[0];
        assertThat(a.rateLimit()).isNull();
        assertThat(a.readLimit()).isEqualTo(Long.MAX_VALUE);
        assertThat(a.writeLimit()).isEqualTo(Long.MAX_VALUE);
        assertThat(a.maxToRead()).isEqualTo(a.maxSingleRead());
        assertThat(a.maxToWrite()).isEqualTo(a.maxSingleWrite());
        assertThatThrownBy(() -> a.decrementReadLimit(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setRateLimit");
    }

    @Test
    void decrementingTheLimitBelowZeroPausesReadingUntilTheNextTick() throws IOException {
        SocketBufferEvent[] c = connection();
        SocketBufferEvent b = c[1];
        long[] got = counting(b);
        b.setRateLimit(RateLimit.of(1000, 1000, 1000, 1000, Duration.ofMillis(200)));
        assertThat(b.readLimit()).isEqualTo(1000);
        assertThat(b.maxToRead()).isEqualTo(1000);
        b.decrementReadLimit(1500);
        assertThat(b.readLimit()).isEqualTo(-500);
        assertThat(b.maxToRead()).isZero();
        c[0].write(new byte[100]);
        base.loop(EventBase.LOOP_NONBLOCK);
        base.loop(EventBase.LOOP_NONBLOCK);
        assertThat(got[0]).as("paused").isZero();
        b.decrementReadLimit(-600);
        assertThat(b.readLimit()).isEqualTo(100);
        runUntil(base, () -> got[0] == 100);
    }

    @Test
    void pairsAndFiltersRefuseRateLimitsNamingWhatToLimitInstead() throws IOException {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        RateLimit cfg = RateLimit.of(10, 10, 10, 10);
        assertThatThrownBy(() -> ends[0].setRateLimit(cfg)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("pair");
        FilterBufferEvent f = BufferEvent.filter(connection()[0], null, null);
        assertThatThrownBy(() -> f.setRateLimit(cfg)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("underlying()");
        RateLimitGroup group = new RateLimitGroup(base, cfg);
        toClose.add(group);
        assertThatThrownBy(() -> f.setRateLimitGroup(group)).isInstanceOf(UnsupportedOperationException.class);
        f.close();
    }

    @Test
    void aBufferEventLimitedTo100KibPerSecondStaysWithinTenPercentOverFiveSeconds() throws IOException {
        // 100 KiB/s in ticks of 100 ms, both ways: one connection limits its writer, another its reader.
        RateLimit limit = RateLimit.of(10 * 1024, 10 * 1024, 10 * 1024, 10 * 1024, Duration.ofMillis(100));
        SocketBufferEvent[] w = connection();
        w[0].setRateLimit(limit);
        keepBusy(w[0]);
        long[] written = counting(w[1]);
        SocketBufferEvent[] r = connection();
        r[1].setRateLimit(limit);
        keepBusy(r[0]);
        long[] read = counting(r[1]);
        long start = System.nanoTime();
        runFor(Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        double writeRate = written[0] / seconds;
        double readRate = read[0] / seconds;
        System.out.printf("rate limit 102400 B/s over %.2f s: write %.0f B/s, read %.0f B/s%n", seconds, writeRate,
                readRate);
        assertThat(writeRate).isBetween(0.9 * 102400, 1.1 * 102400);
        assertThat(readRate).isBetween(0.9 * 102400, 1.1 * 102400);
    }

    @Test
    void removingTheLimitRestoresFullSpeed() throws IOException {
        SocketBufferEvent[] c = connection();
        c[0].setRateLimit(RateLimit.of(1024, 1024, 1024, 1024, Duration.ofMillis(100)));
        keepBusy(c[0]);
        long[] got = counting(c[1]);
        runFor(Duration.ofMillis(500));
        assertThat(got[0]).as("about 10 KiB/s").isLessThan(20 * 1024);
        c[0].setRateLimit(null);
        assertThat(c[0].rateLimit()).isNull();
        long before = got[0];
        long start = System.nanoTime();
        // 64 MiB: at the old limit this would take well over an hour.
        runUntil(base, () -> got[0] - before >= 64L << 20);
        double mbps = (got[0] - before) / ((System.nanoTime() - start) / 1e9) / 1e6;
        System.out.printf("after removing the limit: %.0f MB/s%n", mbps);
    }
}
