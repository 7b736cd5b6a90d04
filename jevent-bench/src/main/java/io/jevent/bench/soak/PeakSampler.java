package io.jevent.bench.soak;

/**
 * Samples a server process four times a second on a daemon thread and keeps the highest figures:
 * the "peak" column of a part. Started and closed by the thread that runs the part.
 */
final class PeakSampler implements AutoCloseable {
    private static final long PERIOD_MILLIS = 250;

    private final long pid;
    private final Thread thread;
    private volatile ProcSample peak;
    private volatile boolean stopped;

    PeakSampler(long pid) {
        this.pid = pid;
        this.peak = ProcSample.of(pid);
        this.thread = new Thread(this::sample, "soak-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!stopped) {
            peak = peak.max(ProcSample.of(pid));
            try {
                // A sampling period, not a synchronisation: nothing waits on what this thread does.
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    ProcSample peak() {
        return peak.max(ProcSample.of(pid));
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5000);
    }
}
