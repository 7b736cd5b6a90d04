package io.jevent.bench.echo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cgroup whose CFS quota lets the processes moved into it use only a share of one CPU: with every
 * server at the same budget, the server and not the load generator sets the pace, and a ratio of
 * rates is a ratio of messages per second of CPU. cgroup v2's {@code cpu.max} where the unified
 * hierarchy is writable, else v1's {@code cpu.cfs_quota_us}; either needs root.
 */
final class CpuQuota implements AutoCloseable {
    private static final long PERIOD_US = 100_000;

    private final Path group;

    private CpuQuota(Path group) {
        this.group = group;
    }

    /** The percentage an option gives, checked: 1 to 100. */
    static int parsePercent(String text) {
        try {
            int percent = Integer.parseInt(text);
            if (percent >= 1 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException notANumber) {
            // Said below.
        }
        throw new IllegalArgumentException("a CPU quota is a percentage of one CPU, 1 to 100, not '" + text + "'");
    }

    /** A new group limited to {@code percent} (from {@link #parsePercent}) of one CPU. */
    static CpuQuota create(int percent) throws IOException {
        long quota = PERIOD_US * percent / 100;
        Path v2 = Path.of("/sys/fs/cgroup");
        if (Files.isWritable(v2.resolve("cgroup.subtree_control"))) {
            try {
                Files.writeString(v2.resolve("cgroup.subtree_control"), "+cpu");
            } catch (IOException alreadyOrRefused) {
                // Already enabled, or refused: writing cpu.max below says which.
            }
            Path group = Files.createDirectories(v2.resolve("jevent-echo-bench"));
            Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_US);
            return new CpuQuota(group);
        }
        Path v1 = Path.of("/sys/fs/cgroup/cpu");
        if (Files.isWritable(v1)) {
            Path group = Files.createDirectories(v1.resolve("jevent-echo-bench"));
            Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            return new CpuQuota(group);
        }
        throw new IOException("cannot limit the servers' CPU: no writable cgroup file system (run as root)");
    }

    /** Moves a process, all its threads, into the group. */
    void enter(long pid) throws IOException {
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
    }

    /** Removes the group; its processes must have ended. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(group);
        } catch (IOException stillInUse) {
            System.err.println("could not remove " + group + ": " + stillInUse);
        }
    }
}
