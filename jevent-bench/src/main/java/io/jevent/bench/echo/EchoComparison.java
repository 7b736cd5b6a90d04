package io.jevent.bench.echo;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The side-by-side echo comparison: every server faces the same load generator in the same run,
 * scenario by scenario, repetitions interleaved across servers; then memory per idle connection,
 * each server in a fresh process so that the load scenarios' buffers and caches do not hide it.
 * Servers run in their own processes pinned to CPU 0, the generator here (pin this JVM to CPU 1).
 * The Java servers run on this JVM's JDK; jevent's native backends need JDK 22 or later and this
 * class loaded from the shaded multi-release jar. {@code jevent-bench/run.sh} runs it; see
 * docs/performance.md.
 *
 * <p>Options: {@code --quick} (one short repetition: a smoke run), {@code --libevent PATH} (the C
 * server binary, when it could be built), {@code --load PATH} (the C load generator; without it
 * the Java {@link EchoLoad} drives the servers from this JVM), {@code --syscalls perf|strace} (count
 * each server's system calls per message in a window after the timed one; see
 * {@link SyscallCounter}), {@code --cpu-quota PERCENT} (each server may use only that share of its
 * CPU, so that it and not the generator sets the pace; see {@link CpuQuota}), {@code --out FILE}
 * (the report).
 */
public final class EchoComparison {
    record Scenario(String name, EchoLoad.Config config) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("64 B x 50 conn, depth 1", new EchoLoad.Config(50, 1, 64, 1)),
            new Scenario("64 B x 50 conn, depth 16", new EchoLoad.Config(50, 16, 64, 1)),
            new Scenario("16 KiB x 10 conn, depth 4", new EchoLoad.Config(10, 4, 16 * 1024, 1)),
            new Scenario("64 B x 1000 conn, depth 1", new EchoLoad.Config(1000, 1, 64, 1)),
            new Scenario("64 B x 5000 conn, depth 1", new EchoLoad.Config(5000, 1, 64, 1)));

    /**
     * A Java server of the comparison: its name, which is its {@link ServerMain} kind, and the
     * backend its loop must report running. A server whose backend cannot run here (no JDK 22+, an
     * old kernel, a backend not built yet) is skipped with a line that says why; adding a backend to
     * the comparison is adding its line here.
     */
    record Variant(String name, String backend) {
    }

    static final List<Variant> JAVA_SERVERS = List.of(
            new Variant("jevent-nio", "nio"),
            new Variant("jevent-epoll", "epoll"),
            new Variant("jevent-io_uring", "io_uring"),
            new Variant("jevent-io_uring-completion", "io_uring"),
            new Variant("netty-nio", "nio"),
            new Variant("netty-epoll", "epoll"),
            new Variant("netty-io_uring", "io_uring"),
            new Variant("raw-nio", "nio"));

    private final int repetitions;
    private final Duration warmup;
    private final Duration window;
    private final Duration syscallWindow;
    private final int idleConnections;

    private final NativeLoad nativeLoad;
    private final SyscallCounter syscalls;
    /** The servers' CPU budget during the runs, in percent of a CPU; 0 for none. */
    private final int cpuQuota;

    private EchoComparison(boolean quick, NativeLoad nativeLoad, SyscallCounter syscalls, int cpuQuota) {
        this.nativeLoad = nativeLoad;
        this.syscalls = syscalls;
        this.cpuQuota = cpuQuota;
        repetitions = quick ? 1 : 5;
        warmup = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3);
        window = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        syscallWindow = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2);
        idleConnections = quick ? 1000 : 10_000;
    }

    /**
     * One measured run of one server on one scenario. The server's loop thread: bytes allocated per
     * message (NaN for C), its CPU share, and its user-space and kernel nanoseconds per message;
     * the whole process's system calls in the counted window after this run's, or null when none
     * was counted (only the last repetition counts).
     */
    record Run(EchoLoad.Result load, double allocatedPerMessage, double serverCpuShare, double userNanosPerMessage,
            double systemNanosPerMessage, SyscallCounts syscalls) {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        Path libevent = option(a, "--libevent") == null ? null : Path.of(option(a, "--libevent"));
        NativeLoad nativeLoad = option(a, "--load") == null ? null : new NativeLoad(Path.of(option(a, "--load")), "1");
        SyscallCounter syscalls = option(a, "--syscalls") == null ? null
                : SyscallCounter.forTool(option(a, "--syscalls"));
        Path out = Path.of(option(a, "--out") == null ? "jevent-bench/target/echo-comparison.md" : option(a, "--out"));
        MultiReleaseCheck.requireVersionedClasses();
        String only = option(a, "--only");
        List<String> chosen = only == null ? null : Arrays.asList(only.split(","));
        int cpuQuota = option(a, "--cpu-quota") == null ? 0 : CpuQuota.parsePercent(option(a, "--cpu-quota"));
        String report = new EchoComparison(quick, nativeLoad, syscalls, cpuQuota).run(libevent, chosen);
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("report written to " + out);
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** How to start one server's process: once for the load scenarios, once more for memory. */
    private record Launcher(String name, Callable<ServerProcess> start) {
    }

    /** @param only the servers to run, by name (null for all) */
    private String run(Path libevent, List<String> only) throws Exception {
        List<Launcher> launchers = new ArrayList<>();
        for (Variant v : JAVA_SERVERS) {
            if (only != null && !only.contains(v.name())) {
                continue;
            }
            launchers.add(new Launcher(v.name(), () -> checked(ServerProcess.javaServer(v.name(), "0"), v.backend())));
        }
        if (libevent != null && (only == null || only.contains("libevent"))) {
            launchers.add(new Launcher("libevent", () -> ServerProcess.nativeServer("libevent", libevent, "0")));
        }
        List<ServerProcess> servers = new ArrayList<>();
        Map<String, Map<String, List<Run>>> results = new LinkedHashMap<>();
        CpuQuota quota = cpuQuota > 0 ? CpuQuota.create(cpuQuota) : null;
        try {
            for (Launcher launcher : new ArrayList<>(launchers)) {
                try {
                    servers.add(launcher.start().call());
                } catch (ServerProcess.Unavailable e) {
                    System.err.println("skipped " + e.getMessage());
                    launchers.remove(launcher);
                }
            }
            if (quota != null) {
                for (ServerProcess server : servers) {
                    quota.enter(server.pid());
                }
            }
            for (Scenario s : SCENARIOS) {
                Map<String, List<Run>> byServer = new LinkedHashMap<>();
                for (ServerProcess server : servers) {
                    byServer.put(server.name, new ArrayList<>());
                }
                for (int rep = 0; rep < repetitions; rep++) {
                    for (ServerProcess server : servers) {
                        Run r = measure(server, s.config(), rep == repetitions - 1);
                        byServer.get(server.name).add(r);
                        System.err.printf(Locale.ROOT, "%-26s %-16s run %d: %,.0f msg/s, p50 %d us, p99 %d us,"
                                + " server CPU %.0f %% (user %.0f ns, kernel %.0f ns per message), client CPU"
                                + " %.0f %%%s%n", s.name(), server.name, rep + 1, r.load().messagesPerSecond(),
                                r.load().p50Micros(), r.load().p99Micros(), r.serverCpuShare() * 100,
                                r.userNanosPerMessage(), r.systemNanosPerMessage(), r.load().clientCpuShare() * 100,
                                r.syscalls() == null ? "" : ", system calls per message " + r.syscalls().summary(3));
                    }
                }
                results.put(s.name(), byServer);
            }
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
            if (quota != null) {
                quota.close();
            }
        }
        Map<String, long[]> memory = new LinkedHashMap<>();
        for (Launcher launcher : launchers) {
            try (ServerProcess server = launcher.start().call()) {
                memory.put(launcher.name(), idleMemory(server));
            } catch (Exception e) {
                // Report the throughput anyway; the table says this server could not be measured.
                System.err.println("memory per idle connection of " + launcher.name() + " failed: " + e);
                memory.put(launcher.name(), null);
            }
        }
        return EchoReport.render(results, memory, idleConnections, repetitions, warmup, window, cpuQuota,
                nativeLoad != null ? "the C load generator (echo-load.c)" : "the Java load generator (EchoLoad)",
                syscalls == null ? null
                        : syscalls.describe() + ", in a " + syscallWindow.toSeconds() + " s window of its own");
    }

    /**
     * The server, once it has said which backend its loop runs: one that asked for a native backend
     * and runs another must not report its figures under the native name.
     */
    private static ServerProcess checked(ServerProcess server, String backend) throws InterruptedException {
        if (!server.backend.equals(backend)) {
            server.close();
            throw new IllegalStateException(server.name + " was asked to run the " + backend + " backend but its"
                    + " loop runs " + server.backend + ": refusing to report its figures under that name");
        }
        return server;
    }

    private Run measure(ServerProcess server, EchoLoad.Config config, boolean countSyscalls) throws Exception {
        EchoLoad.Result result;
        ServerProcess.Snapshot before;
        ServerProcess.Snapshot after;
        SyscallCounts counted = null;
        boolean count = countSyscalls && syscalls != null;
        if (nativeLoad != null) {
            NativeLoad.Measured m = nativeLoad.run(server, config, warmup, window,
                    count ? progress -> countSyscalls(server, progress) : null);
            result = m.result();
            before = m.before();
            after = m.after();
            counted = m.syscalls();
        } else {
            try (EchoLoad load = new EchoLoad(config, server.address)) {
                Thread.sleep(warmup.toMillis());
                before = server.snapshot();
                result = load.measure(Duration.ZERO, window);
                after = server.snapshot();
                if (count) {
                    counted = countSyscalls(server, load::completed);
                }
            }
        }
        double messages = result.messages();
        double alloc = before.stats() == null ? Double.NaN
                : (after.stats().allocatedBytes() - before.stats().allocatedBytes()) / messages;
        long user = after.userNanos() - before.userNanos();
        long system = after.systemNanos() - before.systemNanos();
        return new Run(result, alloc, (user + system) / (result.seconds() * 1e9), user / messages, system / messages,
                counted);
    }

    /** The server's system calls over the counted window; null, and a line saying why, if counting failed. */
    private SyscallCounts countSyscalls(ServerProcess server, SyscallCounter.Progress progress)
            throws InterruptedException {
        try {
            return syscalls.count(server.pid(), syscallWindow, progress);
        } catch (IOException e) {
            System.err.println("counting the system calls of " + server.name + " failed: " + e.getMessage());
            return null;
        }
    }

    /**
     * Heap and RSS bytes per idle connection of a fresh server: {heap per conn, rss per conn}; heap
     * is -1 for C. One echo first, so that the baseline already holds what any connection needs
     * once (classes, the first buffers), not per connection.
     */
    private long[] idleMemory(ServerProcess server) throws Exception {
        ping(server);
        ServerProcess.Stats before = server.stats();
        long rssBefore = server.rssBytes();
        List<SocketChannel> idle = new ArrayList<>(idleConnections);
        try {
            for (int i = 0; i < idleConnections; i++) {
                idle.add(SocketChannel.open(server.address));
            }
            // Once an echo on one more connection answers, the server has accepted the others.
            ping(server);
            ServerProcess.Stats after = server.stats();
            long rssAfter = server.rssBytes();
            long heap = before == null ? -1 : (after.heapBytes() - before.heapBytes()) / idleConnections;
            return new long[] {heap, (rssAfter - rssBefore) / idleConnections};
        } finally {
            for (SocketChannel ch : idle) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // Tearing down the idle load; the next measurement starts fresh anyway.
                }
            }
        }
    }

    private static void ping(ServerProcess server) throws Exception {
        try (EchoLoad ping = new EchoLoad(new EchoLoad.Config(1, 1, 64, 1), server.address)) {
            ping.measureMessages(10, 1);
        }
    }
}
