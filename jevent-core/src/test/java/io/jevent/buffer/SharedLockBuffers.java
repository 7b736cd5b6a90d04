package io.jevent.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;

/**
 * Three locked EvBuffers as Lincheck checks them: x and z share one lock, y has its own, and threads
 * add to, remove from and move between them. Every outcome must be one that three plain byte
 * queues, changed one operation at a time, could give ({@link Queues}); and no interleaving may
 * deadlock, which the model checker reports as well. See {@link SharedLockLincheckTest}.
 */
@Param(name = "buffer", gen = IntGen.class, conf = "0:2")
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class SharedLockBuffers {
    private final EvBuffer[] buffers = {new EvBuffer(), new EvBuffer(), new EvBuffer()};

    public SharedLockBuffers() {
        ReentrantLock shared = new ReentrantLock();
        buffers[0].enableLocking(shared);
        buffers[1].enableLocking(null);
        buffers[2].enableLocking(shared);
    }

    /** Appends one byte. */
    @Operation
    public void add(@Param(name = "buffer") int b, @Param(name = "value") int value) {
        buffers[b].add(new byte[] {(byte) value});
    }

    /** Removes up to two bytes from the start and returns them. */
    @Operation
    public List<Integer> remove(@Param(name = "buffer") int b) {
        byte[] got = new byte[2];
        int n = buffers[b].remove(got);
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add((int) got[i]);
        }
        return r;
    }

    /** Moves all of buffer {@code b} to the end of the next one: both locks at once. */
    @Operation
    public void moveToNext(@Param(name = "buffer") int b) {
        buffers[(b + 1) % 3].addBuffer(buffers[b]);
    }

    /** The length of buffer {@code b}. */
    @Operation
    public long length(@Param(name = "buffer") int b) {
        return buffers[b].length();
    }

    /** The specification: three byte queues. */
    public static class Queues {
        private final List<List<Integer>> queues = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        public void add(int b, int value) {
            queues.get(b).add(value);
        }

        public List<Integer> remove(int b) {
            List<Integer> q = queues.get(b);
            List<Integer> r = new ArrayList<>(q.subList(0, Math.min(2, q.size())));
            q.subList(0, r.size()).clear();
            return r;
        }

        public void moveToNext(int b) {
            List<Integer> from = queues.get(b);
            queues.get((b + 1) % 3).addAll(from);
            from.clear();
        }

        public long length(int b) {
            return queues.get(b).size();
        }
    }
}
