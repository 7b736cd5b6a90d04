package io.jevent.buffer;

import static io.jevent.buffer.Bytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** evbuffer_enable_locking, evbuffer_lock and evbuffer_unlock, with real threads. */
@ExtendWith(PoolHygiene.class)
class LockingTest {

    @Test
    void aLockedBufferCarriesAStreamFromOneThreadToAnother() throws Exception {
        int messages = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (EvBuffer b = new EvBuffer()) {
            b.enableLocking(null);
            Future<?> producer = pool.submit(() -> {
                for (int i = 0; i < messages; i++) {
                    b.add(ByteBuffer.allocate(8).putLong(0, i));
                }
            });
            Future<Long> consumer = pool.submit(() -> {
                long next = 0;
                byte[] msg = new byte[8];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (next < messages) {
                    b.lock();
                    try {
                        if (b.length() >= 8) {
                            b.remove(msg);
                            long got = ByteBuffer.wrap(msg).getLong();
                            if (got != next) {
                                return -got;
                            }
                            next++;
                        }
                    } finally {
                        b.unlock();
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("consumer timed out at " + next);
                    }
                }
                return next;
            });
            producer.get(20, TimeUnit.SECONDS);
            assertThat(consumer.get(20, TimeUnit.SECONDS)).isEqualTo(messages);
            assertThat(b.length()).isZero();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void buffersMovingBytesBothWaysFromTwoThreadsDoNotDeadlock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer()) {
            a.enableLocking(null);
            b.enableLocking(null);
            a.add(new byte[1000]);
            b.add(new byte[1000]);
            CountDownLatch start = new CountDownLatch(1);
            Future<?> ab = pool.submit(() -> {
                assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 20_000; i++) {
                    a.removeBuffer(b, 10);
                }
                return null;
            });
            Future<?> ba = pool.submit(() -> {
                assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 20_000; i++) {
                    b.removeBuffer(a, 10);
                }
                return null;
            });
            start.countDown();
            ab.get(20, TimeUnit.SECONDS);
            ba.get(20, TimeUnit.SECONDS);
            assertThat(a.length() + b.length()).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void twoBuffersMaySharePassingOneLock() {
        ReentrantLock shared = new ReentrantLock();
        try (EvBuffer input = new EvBuffer(); EvBuffer output = new EvBuffer()) {
            input.enableLocking(shared);
            output.enableLocking(shared);
            input.add(ascii("echo"));
            input.addCallback((buf, o, a, d) -> assertThat(shared.isHeldByCurrentThread()).isTrue());
            output.addBuffer(input);
            assertThat(shared.isLocked()).isFalse();
            assertThat(Bytes.contentsText(output)).isEqualTo("echo");
        }
    }

    @Test
    void lockAndUnlockHaveNoEffectWithoutLocking() {
        try (EvBuffer b = new EvBuffer()) {
            b.lock();
            b.add(ascii("x"));
            b.unlock();
            assertThat(b.length()).isEqualTo(1);
        }
    }

    @Test
    void lockingCannotBeEnabledTwice() {
        try (EvBuffer b = new EvBuffer()) {
            b.enableLocking(new ReentrantLock());
            assertThatThrownBy(() -> b.enableLocking(null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already enabled");
        }
    }
}
