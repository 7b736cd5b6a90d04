package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Stress;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two buffers locked for one operation are locked in one global order, by the locks themselves,
 * and a lock they share is taken once: buffers sharing a lock cannot deadlock with a third.
 */
@ExtendWith(PoolHygiene.class)
class LockOrderTest {

    @Test
    void buffersSharingALockMoveBytesWithAThirdFromTwoThreadsWithoutDeadlock() {
        Stress.run("x.addBuffer(y) against y.addBuffer(z), x and z sharing a lock", stress -> {
            ReentrantLock shared = new ReentrantLock();
            try (EvBuffer x = new EvBuffer(); EvBuffer y = new EvBuffer(); EvBuffer z = new EvBuffer()) {
                x.enableLocking(shared);
                y.enableLocking(null);
                z.enableLocking(shared);
                byte[] chunk = new byte[64];
                long[] moved = new long[2];
                stress.fork("x-takes-y", () -> {
                    while (stress.running()) {
                        y.add(chunk);
                        x.addBuffer(y);
                        x.drain(x.length());
                        moved[0]++;
                    }
                });
                stress.fork("y-takes-z", () -> {
                    while (stress.running()) {
                        z.add(chunk);
                        y.addBuffer(z);
                        moved[1]++;
                        stress.progress();
                    }
                });
                stress.joinForked();
                assertThat(moved[0]).isPositive();
                assertThat(moved[1]).isPositive();
                assertThat(z.length()).isZero();
            }
        });
    }
}
