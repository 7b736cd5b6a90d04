package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only a pair does; what every kind does is in {@link BufferEventContract}. */
class PairBufferEventTest {
    private EventBase base;

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void eachEndIsThePartnerOfTheOtherUntilOneIsClosed() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        assertThat(ends[0].partner()).isSameAs(ends[1]);
        assertThat(ends[1].partner()).isSameAs(ends[0]);
        ends[1].close();
        assertThat(ends[0].partner()).isNull();
        ends[0].close();
    }

    @Test
    void dataMovesInsideTheWriteWhenThePartnerReads() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        ends[1].enable(Ev.READ);
        ends[0].write(ascii("at once"));
        assertThat(ends[1].input().length()).isEqualTo(7);
        assertThat(ends[0].output().length()).isZero();
    }

    @Test
    void theWriterKeepsWhatWouldPassTheReadersHighWatermark() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        ends[1].setWatermark(Ev.READ, 0, 100);
        ends[1].enable(Ev.READ);
        ends[0].write(new byte[250]);
        assertThat(ends[1].input().length()).isEqualTo(100);
        assertThat(ends[0].output().length()).isEqualTo(150);
        ends[1].input().drain(60);
        assertThat(ends[1].input().length()).isEqualTo(100);
        assertThat(ends[0].output().length()).isEqualTo(90);
    }

    @Test
    void closingOneEndGivesThePartnerEofFromTheLoop() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        List<Integer> events = new ArrayList<>();
        ends[1].setCallbacks(null, null, (b, what) -> events.add(what));
        ends[1].enable(Ev.READ);
        ends[0].close();
        assertThat(events).isEmpty();
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        assertThat(ends[1].enabled() & Ev.READ).isZero();
    }

    @Test
    void flushFinishedMovesEverythingAndGivesThePartnerEof() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        List<String> seen = new ArrayList<>();
        ends[1].setWatermark(Ev.READ, 0, 4);
        ends[1].setCallbacks(b -> seen.add("read " + b.input().length()), null,
                (b, what) -> seen.add(BevEvent.toString(what)));
        ends[0].write(ascii("0123456789"));
        assertThat(ends[0].flush(Ev.WRITE, BevFlush.NORMAL)).isFalse();
        // Below the reader's high watermark a flush fills up to it, as libevent's does ...
        assertThat(ends[0].flush(Ev.WRITE, BevFlush.FLUSH)).isTrue();
        assertThat(ends[1].input().length()).isEqualTo(4);
        // ... and at the mark it moves everything.
        assertThat(ends[0].flush(Ev.WRITE, BevFlush.FINISHED)).isTrue();
        assertThat(ends[1].input().length()).isEqualTo(10);
        runUntil(base, () -> seen.size() == 2);
        assertThat(seen).containsExactly("read 10", "READING|EOF");
    }

    @Test
    void bothEndsShareOneLockWhenThreadsafe() throws Exception {
        PairBufferEvent[] ends = BufferEvent.pair(base, BevOption.THREADSAFE);
        ends[0].lock();
        CountDownLatch tried = new CountDownLatch(1);
        boolean[] got = new boolean[1];
        Thread other = new Thread(() -> {
            got[0] = ends[1].lock != null && ends[1].lock.tryLock();
            tried.countDown();
        });
        other.start();
        assertThat(tried.await(10, TimeUnit.SECONDS)).isTrue();
        ends[0].unlock();
        assertThat(got[0]).as("the partner's lock was free while this end held its own").isFalse();
        assertThat(ends[0].options()).contains(BevOption.THREADSAFE, BevOption.DEFER_CALLBACKS);
    }

    @Test
    void aThreadsafePairCarriesDataBetweenThreads() throws Exception {
        PairBufferEvent[] ends = BufferEvent.pair(base, BevOption.THREADSAFE);
        long[] received = new long[1];
        ends[1].setCallbacks(b -> received[0] += b.input().drain(b.input().length()), null, null);
        ends[1].enable(Ev.READ);
        int total = 1_000_000;
        CountDownLatch done = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            byte[] block = new byte[1000];
            for (int i = 0; i < total / block.length; i++) {
                ends[0].write(block);
            }
            done.countDown();
        });
        writer.start();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        runUntil(base, () -> received[0] == total);
    }
}
