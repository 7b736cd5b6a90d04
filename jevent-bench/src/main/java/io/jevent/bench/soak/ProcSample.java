package io.jevent.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server process's resident memory, threads and open descriptors at one moment, read from
 * {@code /proc/PID}; and its CPU time, to tell a server that spins from one that waits.
 *
 * @param rssBytes  VmRSS
 * @param threads   Threads
 * @param fds       entries of {@code /proc/PID/fd}
 * @param cpuMillis user + system time so far
 */
record ProcSample(long rssBytes, long threads, long fds, long cpuMillis) {
    static final ProcSample NONE = new ProcSample(-1, -1, -1, -1);

    /** Reads the figures of process {@code pid}, or {@link #NONE} if it is gone or unknown. */
    static ProcSample of(long pid) {
        if (pid <= 0) {
            return NONE;
        }
        Path dir = Path.of("/proc", Long.toString(pid));
        try {
            long rss = -1;
            long threads = -1;
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            long fds;
            try (var list = Files.list(dir.resolve("fd"))) {
                fds = list.count();
            }
            String stat = Files.readString(dir.resolve("stat"));
            // After the ")" closing the command name: utime is the 12th field, stime the 13th.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new ProcSample(rss, threads, fds, ticks * 10);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** The larger of each figure: the peak over a part. */
    ProcSample max(ProcSample o) {
        return new ProcSample(Math.max(rssBytes, o.rssBytes), Math.max(threads, o.threads), Math.max(fds, o.fds),
                Math.max(cpuMillis, o.cpuMillis));
    }

    String rss() {
        return rssBytes < 0 ? "-" : String.format("%.1f", rssBytes / 1048576.0);
    }
}
