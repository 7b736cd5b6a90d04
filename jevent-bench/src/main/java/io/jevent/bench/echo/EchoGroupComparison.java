package io.jevent.bench.echo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two loops against two loops: jevent's {@code EventBaseGroup} (connections handed off by one
 * acceptor, or spread by the kernel with {@code SO_REUSEPORT}) against Netty with two NIO event
 * loops, on 1,000 connections of 64-byte messages. Nothing is pinned: with two loops on a two-core
 * machine the servers and the load generator share both cores, as they would in production, so
 * the figures are noisier than the pinned single-loop comparison ({@link EchoComparison}). The CPU
 * figures are the whole server process's (loops, GC, JIT). {@code jevent-bench/run.sh --group}
 * runs it; see docs/performance.md.
 *
 * <p>Options: {@code --quick} (one short repetition), {@code --load PATH} (the C load generator;
 * without it the Java {@link EchoLoad}), {@code --out FILE} (the report).
 */
public final class EchoGroupComparison {
    static final List<String> SERVERS = List.of("jevent-2loops", "jevent-2loops-reuseport", "netty-nio-2loops");
    static final EchoLoad.Config LOAD = new EchoLoad.Config(1000, 1, 64, 1);

    private EchoGroupComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        int repetitions = quick ? 1 : 3;
        Duration warmup = Duration.ofSeconds(quick ? 1 : 2);
        Duration window = Duration.ofSeconds(quick ? 2 : 5);
        String loadPath = option(a, "--load");
        NativeLoad nativeLoad = loadPath == null ? null : new NativeLoad(Path.of(loadPath), null);
        Path out = Path.of(option(a, "--out") == null ? "jevent-bench/target/echo-group.md" : option(a, "--out"));

        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (String kind : SERVERS) {
                servers.add(ServerProcess.javaServer(kind, null));
                runs.put(kind, new ArrayList<>());
            }
            for (int rep = 0; rep < repetitions; rep++) {
                for (ServerProcess server : servers) {
                    double[] r = measure(server, nativeLoad, warmup, window);
                    runs.get(server.name).add(r);
                    System.err.printf(Locale.ROOT, "%-24s run %d: %,.0f msg/s, p50 %.0f us, p99 %.0f us, server CPU"
                            + " %.2f cores, %.1f us CPU per message, load generator CPU %.0f %%%n", server.name,
                            rep + 1, r[0], r[1], r[2], r[3], r[4], r[5] * 100);
                }
            }
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = render(runs, repetitions, warmup, window, nativeLoad != null, loadBefore, loadAfter);
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("report written to " + out);
    }

    /**
     * One window: {msg/s, p50 us, p99 us, server CPU in cores, server CPU us per message, the load
     * generator's CPU share of one core}.
     */
    private static double[] measure(ServerProcess server, NativeLoad nativeLoad, Duration warmup, Duration window)
            throws Exception {
        EchoLoad.Result result;
        ServerProcess.Snapshot before;
        ServerProcess.Snapshot after;
        if (nativeLoad != null) {
            NativeLoad.Measured m = nativeLoad.run(server, LOAD, warmup, window, null);
            result = m.result();
            before = m.before();
            after = m.after();
        } else {
            try (EchoLoad load = new EchoLoad(LOAD, server.address)) {
                Thread.sleep(warmup.toMillis());
                before = server.snapshot();
                result = load.measure(Duration.ZERO, window);
                after = server.snapshot();
            }
        }
        double cpuNanos = (after.userNanos() - before.userNanos()) + (after.systemNanos() - before.systemNanos());
        return new double[] {result.messagesPerSecond(), result.p50Micros(), result.p99Micros(),
                cpuNanos / (result.seconds() * 1e9), cpuNanos / 1e3 / result.messages(), result.clientCpuShare()};
    }

    private static String render(Map<String, List<double[]>> runs, int repetitions, Duration warmup, Duration window,
            boolean cLoad, String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "64 B x 1000 connections, depth 1, two loops each, unpinned; %d run(s)"
                + " of %d s after %d s of warm-up, medians; load from %s; load average before %s, after %s%n%n",
                repetitions, window.toSeconds(), warmup.toSeconds(),
                cLoad ? "the C load generator (echo-load.c)" : "the Java load generator (EchoLoad)",
                loadBefore, loadAfter));
        sb.append("| server | msg/s | p50 | p99 | server CPU (cores) | server CPU per message | load generator CPU |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        runs.forEach((name, rs) -> sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.0f us | %.0f us | %.2f |"
                + " %.1f us | %.0f %% |%n", name, median(rs, 0), median(rs, 1), median(rs, 2), median(rs, 3),
                median(rs, 4), median(rs, 5) * 100)));
        return sb.toString();
    }

    private static double median(List<double[]> runs, int field) {
        double[] v = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
