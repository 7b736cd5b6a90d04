package io.jevent.buffer;

import static io.jevent.buffer.Bytes.alphabet;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.internal.SegmentPool;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared segment pool: everything comes back, across threads too, and cleanups run exactly once. */
@ExtendWith(PoolHygiene.class)
class SegmentPoolTest {

    @Test
    void closingBuffersGivesEverySegmentBack() {
        long before = SegmentPool.outstanding();
        EvBuffer a = new EvBuffer();
        EvBuffer b = new EvBuffer();
        a.add(alphabet(0, 1 << 20));
        b.addBufferReference(a);
        a.removeBuffer(b, 300_000);
        b.expand(5000);
        b.reserve(20_000, new ByteBuffer[2]);
        assertThat(SegmentPool.outstanding()).isGreaterThanOrEqualTo(before + 128);
        a.close();
        assertThat(SegmentPool.outstanding()).as("b still shares a's memory").isGreaterThanOrEqualTo(before + 128);
        b.close();
        assertThat(SegmentPool.outstanding()).isEqualTo(before);
    }

    @Test
    void segmentsFreedOnAnotherThreadAreReusedWithoutNewArenas() throws Exception {
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        SynchronousQueue<EvBuffer> handoff = new SynchronousQueue<>();
        try {
            Future<Long> drained = consumer.submit(() -> {
                long bytes = 0;
                for (int i = 0; i < 200; i++) {
                    try (EvBuffer b = handoff.poll(10, TimeUnit.SECONDS)) {
                        bytes += b.length();
                    }
                }
                return bytes;
            });
            long freeBefore = SegmentPool.free();
            long outstandingBefore = SegmentPool.outstanding();
            for (int i = 0; i < 200; i++) {
                EvBuffer b = new EvBuffer();
                b.add(alphabet(i, 64 * 1024));
                assertThat(handoff.offer(b, 10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(drained.get(10, TimeUnit.SECONDS)).isEqualTo(200L * 64 * 1024);
            assertThat(SegmentPool.outstanding()).isEqualTo(outstandingBefore);
            assertThat(SegmentPool.free() - freeBefore).as("growth of the pool").isLessThanOrEqualTo(2 * 128);
        } finally {
            consumer.shutdownNow();
            assertThat(consumer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void manyThreadsTakingAndReturningAtOnceLoseNothing() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Future<?>[] jobs = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int seed = t;
                jobs[t] = pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        try (EvBuffer b = new EvBuffer()) {
                            b.add(alphabet(seed + i, 8192 * (1 + i % 5)));
                            if (b.search(alphabet(seed + i + 7, 5)) != 7) {
                                throw new AssertionError("corrupted segment");
                            }
                        }
                    }
                });
            }
            for (Future<?> f : jobs) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
