package io.jevent.bench.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ratios the echo comparison is read for, each beside the target jevent is held to: jevent's
 * best backend against Netty's best transport (1.1x in every scenario, 1.2x from 1,000
 * connections), jevent on NIO against the hand-written NIO loop (0.95x at 1,000 connections), and
 * jevent's best against libevent when it ran. "Best" is the highest median of the servers whose
 * names start with {@code jevent-} or {@code netty-}; the cell names which ones won.
 */
final class EchoTargets {
    private EchoTargets() {
    }

    static void render(StringBuilder sb, Map<String, Map<String, List<EchoComparison.Run>>> results) {
        sb.append("\n### Ratios of medians, against the targets\n\n");
        boolean libevent = results.values().iterator().next().containsKey("libevent");
        List<String> columns = new ArrayList<>(List.of("best jevent / best Netty", "target",
                "jevent-nio / raw-nio", "target"));
        if (libevent) {
            columns.add("best jevent / libevent");
        }
        EchoReport.header(sb, columns);
        for (var scenario : results.entrySet()) {
            Map<String, List<EchoComparison.Run>> byServer = scenario.getValue();
            int connections = EchoComparison.SCENARIOS.stream().filter(s -> s.name().equals(scenario.getKey()))
                    .findFirst().orElseThrow().config().connections();
            String jevent = best(byServer, "jevent-");
            String netty = best(byServer, "netty-");
            sb.append("| ").append(scenario.getKey()).append(" |");
            double overNetty = ratio(byServer, jevent, netty);
            cell(sb, overNetty, jevent + " / " + netty);
            target(sb, overNetty, connections >= 1000 ? 1.2 : 1.1);
            double overRaw = ratio(byServer, "jevent-nio", "raw-nio");
            cell(sb, overRaw, null);
            if (connections == 1000) {
                target(sb, overRaw, 0.95);
            } else {
                sb.append(" - |");
            }
            if (libevent) {
                cell(sb, ratio(byServer, jevent, "libevent"), jevent);
            }
            sb.append('\n');
        }
    }

    /** The server with the highest median among those whose names start with {@code prefix}, or null. */
    private static String best(Map<String, List<EchoComparison.Run>> byServer, String prefix) {
        String best = null;
        for (String server : byServer.keySet()) {
            if (server.startsWith(prefix) && (best == null
                    || EchoReport.median(byServer.get(server)) > EchoReport.median(byServer.get(best)))) {
                best = server;
            }
        }
        return best;
    }

    /** The ratio of the two servers' medians, NaN when either did not run. */
    private static double ratio(Map<String, List<EchoComparison.Run>> byServer, String over, String under) {
        if (over == null || under == null || !byServer.containsKey(over) || !byServer.containsKey(under)) {
            return Double.NaN;
        }
        return EchoReport.median(byServer.get(over)) / EchoReport.median(byServer.get(under));
    }

    private static void cell(StringBuilder sb, double ratio, String which) {
        if (Double.isNaN(ratio)) {
            sb.append(" n/a |");
        } else {
            sb.append(String.format(Locale.ROOT, " %.2f", ratio)).append(which == null ? "" : " (" + which + ")")
                    .append(" |");
        }
    }

    private static void target(StringBuilder sb, double ratio, double target) {
        sb.append(String.format(Locale.ROOT, " >= %.2f: %s |", target,
                Double.isNaN(ratio) ? "n/a" : ratio >= target ? "met" : "missed"));
    }
}
