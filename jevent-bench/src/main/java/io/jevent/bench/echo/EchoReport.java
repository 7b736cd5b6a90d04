package io.jevent.bench.echo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders the echo comparison as Markdown: medians, spread, ratios, latency, allocation, memory. */
final class EchoReport {
    private EchoReport() {
    }

    static String render(Map<String, Map<String, List<EchoComparison.Run>>> results, Map<String, long[]> memory,
            int idleConnections, int repetitions, Duration warmup, Duration window, String generator) {
        StringBuilder sb = new StringBuilder();
        List<String> servers = new ArrayList<>(results.values().iterator().next().keySet());
        sb.append(String.format(Locale.ROOT, "Machine: CPUs %s online, %s %s, %s. Servers pinned to CPU 0, %s"
                + " to CPU 1. %d run(s) per server and scenario, interleaved; %d s warm-up, %d s"
                + " window.%n%n", onlineCpus(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("os.name"), generator, repetitions,
                warmup.toSeconds(), window.toSeconds()));

        sb.append("### Messages per second (median; spread = (max - min) / median)\n\n| scenario |");
        servers.forEach(s -> sb.append(' ').append(s).append(" |"));
        List<String> peers = servers.subList(1, servers.size());
        peers.forEach(p -> sb.append(" jevent / ").append(p).append(" |"));
        sb.append("\n|---|");
        servers.forEach(s -> sb.append("---|"));
        peers.forEach(p -> sb.append("---|"));
        sb.append('\n');
        for (var scenario : results.entrySet()) {
            sb.append("| ").append(scenario.getKey()).append(" |");
            double jevent = median(scenario.getValue().get(servers.get(0)));
            for (String s : servers) {
                List<EchoComparison.Run> runs = scenario.getValue().get(s);
                sb.append(String.format(Locale.ROOT, " %,.0f (%.0f %%) |", median(runs), spread(runs) * 100));
            }
            for (String p : peers) {
                sb.append(String.format(Locale.ROOT, " %.2f |", jevent / median(scenario.getValue().get(p))));
            }
            sb.append('\n');
        }

        sb.append("\n### Round-trip latency, p50 / p99 in microseconds (run with the median throughput)\n\n");
        sb.append("| scenario |");
        servers.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append("\n|---|");
        servers.forEach(s -> sb.append("---|"));
        sb.append('\n');
        for (var scenario : results.entrySet()) {
            sb.append("| ").append(scenario.getKey()).append(" |");
            for (String s : servers) {
                EchoComparison.Run m = medianRun(scenario.getValue().get(s));
                sb.append(String.format(Locale.ROOT, " %d / %d |", m.load().p50Micros(), m.load().p99Micros()));
            }
            sb.append('\n');
        }

        sb.append("\n### Bytes allocated per echoed message / loop-thread CPU share (median)\n\n");
        sb.append("| scenario |");
        servers.forEach(s -> sb.append(' ').append(s).append(" |"));
        sb.append(" load generator CPU (max) |\n|---|");
        servers.forEach(s -> sb.append("---|"));
        sb.append("---|\n");
        for (var scenario : results.entrySet()) {
            sb.append("| ").append(scenario.getKey()).append(" |");
            double clientCpu = 0;
            for (String s : servers) {
                List<EchoComparison.Run> runs = scenario.getValue().get(s);
                double alloc = medianOf(runs.stream().mapToDouble(EchoComparison.Run::allocatedPerMessage).toArray());
                double cpu = medianOf(runs.stream().mapToDouble(EchoComparison.Run::serverCpuShare).toArray());
                sb.append(Double.isNaN(alloc) ? " n/a |"
                        : String.format(Locale.ROOT, " %.2f B / %.0f %% |", alloc, cpu * 100));
                for (EchoComparison.Run r : runs) {
                    clientCpu = Math.max(clientCpu, r.load().clientCpuShare());
                }
            }
            sb.append(String.format(Locale.ROOT, " %.0f %% |%n", clientCpu * 100));
        }

        sb.append(String.format(Locale.ROOT, "%n### Memory per idle connection (%,d idle connections)%n%n",
                idleConnections));
        sb.append("| server | heap bytes | RSS bytes |\n|---|---|---|\n");
        for (var m : memory.entrySet()) {
            long heap = m.getValue()[0];
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d |%n", m.getKey(),
                    heap < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", heap), m.getValue()[1]));
        }
        return sb.toString();
    }

    private static String onlineCpus() {
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

    private static double medianOf(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
