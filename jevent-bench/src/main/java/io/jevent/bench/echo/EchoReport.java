package io.jevent.bench.echo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the echo comparison as Markdown: medians, spread, system calls, ratios against the
 * targets, latency, allocation, memory.
 */
final class EchoReport {
    private EchoReport() {
    }

    /**
     * @param syscallMethod how the system calls were counted, or null if they were not
     */
    static String render(Map<String, Map<String, List<EchoComparison.Run>>> results, Map<String, long[]> memory,
            int idleConnections, int repetitions, Duration warmup, Duration window, int cpuQuota, String generator,
            String syscallMethod) {
        StringBuilder sb = new StringBuilder();
        List<String> servers = new ArrayList<>(results.values().iterator().next().keySet());
        sb.append(String.format(Locale.ROOT, "Machine: CPUs %s online, %s %s (every Java server), %s. Servers"
                + " pinned to CPU 0%s, %s to CPU 1. %d run(s) per server and scenario, interleaved; %d s warm-up,"
                + " %d s window.", onlineCpus(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.name"),
                cpuQuota > 0 ? ", each limited to " + cpuQuota + " % of it during the runs" : "", generator, repetitions,
                warmup.toSeconds(), window.toSeconds()));
        sb.append(syscallMethod == null ? " System calls not counted.\n\n"
                : " System calls (sc) per echoed message: the server process's, all threads, counted by "
                        + syscallMethod + " after the last run, the load still running.\n\n");

        sb.append("### Messages per second (median; spread = (max - min) / median)")
                .append(syscallMethod == null ? "" : ", system calls per message").append("\n\n");
        header(sb, servers);
        for (var scenario : results.entrySet()) {
            Map<String, List<EchoComparison.Run>> byServer = scenario.getValue();
            row(sb, scenario.getKey(), servers, s -> String.format(Locale.ROOT, "%,.0f (%.0f %%)",
                    median(byServer.get(s)), spread(byServer.get(s)) * 100)
                    + (syscallMethod == null ? "" : ", " + syscalls(byServer.get(s), false)), true);
        }

        EchoTargets.render(sb, results);

        if (syscallMethod != null) {
            sb.append("\n### System calls per echoed message: all, then the three most frequent\n\n");
            header(sb, servers);
            for (var scenario : results.entrySet()) {
                row(sb, scenario.getKey(), servers, s -> syscalls(scenario.getValue().get(s), true), true);
            }
        }

        sb.append("\n### Round-trip latency, p50 / p99 in microseconds (run with the median throughput)\n\n");
        header(sb, servers);
        for (var scenario : results.entrySet()) {
            row(sb, scenario.getKey(), servers, s -> {
                EchoComparison.Run m = medianRun(scenario.getValue().get(s));
                return m.load().p50Micros() + " / " + m.load().p99Micros();
            }, true);
        }

        sb.append("\n### The server's loop thread per echoed message: user-space ns / kernel ns (median)\n\n");
        sb.append("User space is the server's own code (its library and the JVM); kernel time is the same work"
                + " for every server (read, write, epoll, loopback TCP).\n\n");
        header(sb, servers);
        for (var scenario : results.entrySet()) {
            row(sb, scenario.getKey(), servers, s -> String.format(Locale.ROOT, "%.0f / %.0f",
                    medianOf(scenario.getValue().get(s), EchoComparison.Run::userNanosPerMessage),
                    medianOf(scenario.getValue().get(s), EchoComparison.Run::systemNanosPerMessage)), true);
        }

        sb.append("\n### Bytes allocated per echoed message / loop-thread CPU share (median)\n\n");
        List<String> withGenerator = new ArrayList<>(servers);
        withGenerator.add("load generator CPU (max)");
        header(sb, withGenerator);
        for (var scenario : results.entrySet()) {
            Map<String, List<EchoComparison.Run>> byServer = scenario.getValue();
            row(sb, scenario.getKey(), servers, s -> {
                double alloc = medianOf(byServer.get(s), EchoComparison.Run::allocatedPerMessage);
                double cpu = medianOf(byServer.get(s), EchoComparison.Run::serverCpuShare);
                return Double.isNaN(alloc) ? String.format(Locale.ROOT, "n/a / %.0f %%", cpu * 100)
                        : String.format(Locale.ROOT, "%.2f B / %.0f %%", alloc, cpu * 100);
            }, false);
            double clientCpu = byServer.values().stream().flatMap(List::stream)
                    .mapToDouble(r -> r.load().clientCpuShare()).max().orElse(0);
            sb.append(String.format(Locale.ROOT, " %.0f %% |%n", clientCpu * 100));
        }

        sb.append(String.format(Locale.ROOT, "%n### Memory per idle connection (%,d idle connections)%n%n",
                idleConnections));
        sb.append("Each server in a fresh process, after one echo. Heap: live heap after a full GC."
                + " RSS: growth of the process's resident memory; the Java"
                + " servers' heaps are touched in advance, so for them it counts only memory outside the heap"
                + " (direct buffers, native structures).\n\n");
        sb.append("| server | heap bytes | RSS bytes |\n|---|---|---|\n");
        for (var m : memory.entrySet()) {
            if (m.getValue() == null) {
                sb.append("| ").append(m.getKey()).append(" | failed | failed |\n");
                continue;
            }
            long heap = m.getValue()[0];
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d |%n", m.getKey(),
                    heap < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", heap), m.getValue()[1]));
        }
        return sb.toString();
    }

    /** The counted run's system calls per message, with the top three if asked; "failed" if none counted. */
    private static String syscalls(List<EchoComparison.Run> runs, boolean top) {
        for (EchoComparison.Run r : runs) {
            if (r.syscalls() != null) {
                return top ? r.syscalls().summary(3)
                        : String.format(Locale.ROOT, "%.2f sc", r.syscalls().perMessage());
            }
        }
        return "failed";
    }

    static String onlineCpus() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/sys/devices/system/cpu/online")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static double median(List<EchoComparison.Run> runs) {
        return medianOf(runs.stream().mapToDouble(r -> r.load().messagesPerSecond()).toArray());
    }

    static double spread(List<EchoComparison.Run> runs) {
        double[] v = runs.stream().mapToDouble(r -> r.load().messagesPerSecond()).sorted().toArray();
        return (v[v.length - 1] - v[0]) / medianOf(v);
    }

    static EchoComparison.Run medianRun(List<EchoComparison.Run> runs) {
        List<EchoComparison.Run> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(r -> r.load().messagesPerSecond()));
        return sorted.get(sorted.size() / 2);
    }

    static void header(StringBuilder sb, List<String> columns) {
        sb.append("| scenario |");
        columns.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|");
        columns.forEach(c -> sb.append("---|"));
        sb.append('\n');
    }

    /** Cells of one row; {@code label} null continues the current row; {@code end} closes it. */
    static void row(StringBuilder sb, String label, List<String> keys,
            java.util.function.Function<String, String> cell, boolean end) {
        if (label != null) {
            sb.append("| ").append(label).append(" |");
        }
        keys.forEach(k -> sb.append(' ').append(cell.apply(k)).append(" |"));
        if (end) {
            sb.append('\n');
        }
    }

    private static double medianOf(List<EchoComparison.Run> runs,
            java.util.function.ToDoubleFunction<EchoComparison.Run> metric) {
        return medianOf(runs.stream().mapToDouble(metric).toArray());
    }

    private static double medianOf(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
