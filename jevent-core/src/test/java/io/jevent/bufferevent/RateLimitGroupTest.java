package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate-limit groups: one bucket shared by many connections, measured on real sockets, plain or TLS. */
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

    /**
     * One direction of a TLS connection: numbered blocks go in at the sender, as long as
     * {@link #feeding} says, and both ends checksum what passes.
     */
    private static final class Stream {
        final CRC32 sent = new CRC32();
        final CRC32 received = new CRC32();
        final byte[] block = new byte[16 * 1024 + 5];
        boolean feeding = true;
        long blocks;
        long written;
        long got;

        Stream(TlsBufferEvent sender, TlsBufferEvent receiver) {
            sender.setWatermark(Ev.WRITE, 64 * 1024, 0);
            sender.setCallbacks(null, s -> feed(s), null);
            receiver.setCallbacks(r -> take(r), null, null);
            receiver.enable(Ev.READ);
            sender.trigger(Ev.WRITE);
        }

        private void feed(BufferEvent to) {
            while (feeding && to.output().length() < 256 * 1024) {
                // Each block differs from the others, so a lost or doubled block changes the sum.
                ByteBuffer.wrap(block).putLong(blocks++);
                sent.update(block);
                to.write(block);
                written += block.length;
            }
        }

        private void take(BufferEvent from) {
            byte[] chunk = new byte[(int) from.input().length()];
            from.input().remove(chunk);
            received.update(chunk);
            got += chunk.length;
        }
    }

    @Test
    void tlsSocketsInOneGroupShareItsRateFairlyLoseNothingAndGoFullSpeedOnceRemoved() throws IOException {
        // Both ends of each connection are members from before the handshake: the senders spend
        // the write bucket, the receivers the read bucket, and a share is often part of a record.
        int n = 4;
        long perTick = 64 * 1024;
        RateLimit limit = RateLimit.of(perTick, 3 * perTick, perTick, 3 * perTick, Duration.ofMillis(100));
        RateLimitGroup group = new RateLimitGroup(base, limit);
        toClose.add(group);
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        SSLContext serverContext = TlsContexts.server(cert);
        SSLContext clientContext = TlsContexts.client(cert);
        List<TlsBufferEvent> members = new ArrayList<>();
        int[] connected = new int[1];
        for (int i = 0; i < n; i++) {
            SocketPair pair = SocketPair.open();
            members.add(BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(clientContext),
                    TlsState.CONNECTING, BevOption.CLOSE_ON_FREE));
            members.add(BufferEvent.tlsSocket(base, pair.right, serverContext.createSSLEngine(),
                    TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE));
        }
        for (TlsBufferEvent m : members) {
            toClose.add(m);
            m.setRateLimitGroup(group);
            m.setCallbacks(null, null, (b, what) -> {
                assertThat(what).as("%s: %s", b, b.lastError()).isEqualTo(BevEvent.CONNECTED);
                connected[0]++;
            });
        }
        // The handshakes go through the group's buckets too.
        runUntil(base, () -> connected[0] == 2 * n);
        Stream[] streams = new Stream[n];
        for (int i = 0; i < n; i++) {
            streams[i] = new Stream(members.get(2 * i), members.get(2 * i + 1));
        }
        assertThat(group.size()).isEqualTo(2 * n);
        // Let every connection start, then measure over 1.5 s by the ticks the buckets count.
        runFor(Duration.ofMillis(200));
        long[] before = new long[n];
        for (int i = 0; i < n; i++) {
            before[i] = streams[i].got;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long writeLevel = group.writeLimit();
        long readLevel = group.readLimit();
        group.resetTotals();
        long firstTick = limit.tickAt(base.now());
        runFor(Duration.ofMillis(1500));
        long ticks = limit.tickAt(base.now()) - firstTick;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long written = group.totalWritten();
        long read = group.totalRead();
        long[] moved = new long[n];
        long plaintext = 0;
        for (int i = 0; i < n; i++) {
            moved[i] = streams[i].got - before[i];
            plaintext += moved[i];
        }
        double fair = (double) plaintext / n;
        long slowest = Arrays.stream(moved).min().getAsLong();
        System.out.printf("TLS group of %d connections at %d B per tick: %d ticks, %d B of ciphertext written"
                + " (%.0f%% of the rate), %d read, %d of plaintext arrived, slowest %.0f%% of its fair share, loop CPU"
                + " %d ms%n", n, perTick, ticks, written, 100.0 * written / (ticks * perTick), read, plaintext,
                100 * slowest / fair, cpu / 1_000_000);
        // The buckets count ciphertext: never more than they held plus what the ticks added (and
        // one share spent past zero, and the tick the bucket may not have counted yet at the start);
        // less only by ticks a late loop lost to the burst's cap.
        assertThat(written).isLessThanOrEqualTo(writeLevel + (ticks + 2) * perTick);
        assertThat(read).isLessThanOrEqualTo(readLevel + (ticks + 2) * perTick);
        assertThat(written).isGreaterThan(ticks * perTick * 8 / 10);
        assertThat(read).isGreaterThan(ticks * perTick * 8 / 10);
        // What arrived is the plaintext of what was read, give or take the records' overhead and,
        // at either end of the window, a record per connection that a share cut in two.
        long record = members.get(0).engine().getSession().getPacketBufferSize();
        assertThat(plaintext).isBetween(read - read / 100 - n * record, read + n * record);
        assertThat(slowest).as("the slowest connection's bytes").isGreaterThan((long) (fair / 2));
        assertThat(cpu).as("the loop's CPU time: it sleeps between ticks, it does not spin")
                .isLessThan(ticks * limit.tickNanos() / 2);

        for (TlsBufferEvent m : members) {
            m.setRateLimitGroup(null);
        }
        assertThat(group.size()).isZero();
        long[] unlimited = new long[n];
        for (int i = 0; i < n; i++) {
            unlimited[i] = streams[i].got;
        }
        long unlimitedStart = base.now();
        // 1 MiB each, 4 MiB in all: over 6 s at the group's rate.
        runUntil(base, () -> {
            for (int i = 0; i < n; i++) {
                if (streams[i].got - unlimited[i] < 1 << 20) {
                    return false;
                }
            }
            return true;
        });
        long unlimitedTicks = limit.tickAt(base.now()) - limit.tickAt(unlimitedStart);
        long after = 0;
        for (int i = 0; i < n; i++) {
            after += streams[i].got - unlimited[i];
        }
        // In the group they could have moved no more than a burst (3 ticks' worth) plus a tick's
        // rate for each tick and the two at the ends.
        long groupAllows = (unlimitedTicks + 5) * perTick;
        System.out.printf("after leaving the group: %d B in %d ticks, %.1f times what the group allows%n", after,
                unlimitedTicks, (double) after / groupAllows);
        assertThat(after).as("bytes moved without the group").isGreaterThan(groupAllows * 3 / 2);
        assertThat(members.get(0).maxToWrite()).isEqualTo(members.get(0).underlying().maxSingleWrite());
        assertThat(members.get(1).maxToRead()).isEqualTo(members.get(1).underlying().maxSingleRead());

        for (Stream s : streams) {
            s.feeding = false;
        }
        runUntil(base, () -> Arrays.stream(streams).allMatch(s -> s.got == s.written));
        for (Stream s : streams) {
            assertThat(s.received.getValue()).as("the checksum of what arrived").isEqualTo(s.sent.getValue());
        }
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
