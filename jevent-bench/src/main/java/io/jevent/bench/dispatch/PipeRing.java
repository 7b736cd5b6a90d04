package io.jevent.bench.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;

/**
 * The work of libevent's {@code test/bench.c}, without any event loop: {@code n} pipes in a ring.
 * A round writes one byte into each of {@code active} pipes spread evenly over the ring; from then
 * on, each time a pipe is readable its loop calls {@link #relay}, which reads one byte and, while the
 * round has writes left, writes one byte into the next pipe (wrapping). The round is over when every
 * byte written has been read again, so every pipe is empty between rounds.
 *
 * <p>Pipes rather than loopback TCP: bench.c measures the event loop, and a pipe is the cheapest
 * readable channel the JDK has (on Linux, {@code pipe(2)}), so the kernel's share of a round is as
 * small as it gets and the loop's own cost is as visible as it gets. Loopback TCP would add the
 * network stack to every byte and hide part of the difference between the loops.
 *
 * <p>Loop thread only. The two 1-byte buffers are direct and reused, so a relay never allocates.
 */
final class PipeRing implements AutoCloseable {
    private final Pipe[] pipes;
    private final int active;
    private final int writesPerRound;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);

    // bench.c's counters: bytes read this round, bytes written this round, writes still allowed.
    private long count;
    private long fired;
    private int writesLeft;
    private long failures;

    /**
     * @param n      pipes in the ring, at least 1
     * @param active pipes that get a byte when a round starts, 1..n
     * @param writes bytes the callbacks write per round (bench.c's {@code -w}), at least 0
     */
    PipeRing(int n, int active, int writes) throws IOException {
        if (n < 1) {
            throw new IllegalArgumentException("n < 1: " + n);
        }
        if (active < 1 || active > n) {
            throw new IllegalArgumentException("active must be 1.." + n + ": " + active);
        }
        if (writes < 0) {
            throw new IllegalArgumentException("writes < 0: " + writes);
        }
        this.active = active;
        this.writesPerRound = writes;
        this.pipes = new Pipe[n];
        try {
            for (int i = 0; i < n; i++) {
                Pipe p = Pipe.open();
                pipes[i] = p;
                p.source().configureBlocking(false);
                p.sink().configureBlocking(false);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        out.put(0, (byte) 'e');
    }

    int size() {
        return pipes.length;
    }

    int active() {
        return active;
    }

    int writesPerRound() {
        return writesPerRound;
    }

    /** The readable end of pipe {@code i}, for a loop to watch. */
    Pipe.SourceChannel source(int i) {
        return pipes[i].source();
    }

    /** Starts a round: one byte into each active pipe, spaced as bench.c spaces them. */
    void startRound() {
        count = 0;
        fired = 0;
        writesLeft = writesPerRound;
        int space = pipes.length / active;
        for (int i = 0; i < active; i++) {
            send(i * space);
        }
    }

    /** bench.c's {@code read_cb}: called by a loop when pipe {@code i} is readable. */
    void relay(int i) {
        in.clear();
        int n;
        try {
            n = pipes[i].source().read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading pipe " + i, e);
        }
        if (n > 0) {
            count += n;
        } else {
            // A loop that reports a pipe with nothing in it did a wasted wake-up: count it as bench.c does.
            failures++;
        }
        if (writesLeft > 0) {
            int next = i + 1;
            send(next == pipes.length ? 0 : next);
            writesLeft--;
        }
    }

    private void send(int i) {
        out.clear();
        int n;
        try {
            n = pipes[i].sink().write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing pipe " + i, e);
        }
        if (n == 1) {
            fired++;
        } else {
            failures++;
        }
    }

    /** Whether every byte written this round has been read. */
    boolean roundDone() {
        return count == fired;
    }

    /**
     * How many polls a round may take before it counts as stalled: every poll of a correct loop
     * relays at least one of the round's {@code active + writes} bytes.
     */
    long pollBudget() {
        return 2L * (active + writesPerRound) + 16;
    }

    /** Bytes read this round. */
    long readsThisRound() {
        return count;
    }

    /** Bytes the relays wrote this round (the round's first {@code active} bytes not included). */
    long relayedThisRound() {
        return writesPerRound - writesLeft;
    }

    /** Reads that found nothing and writes that did not take, since the ring was opened. */
    long failures() {
        return failures;
    }

    /** Closes every pipe; the loops must be closed first. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Pipe p : pipes) {
            if (p == null) {
                continue;
            }
            for (Channel c : new Channel[] {p.source(), p.sink()}) {
                try {
                    c.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
