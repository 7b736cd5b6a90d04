package io.jevent.bench.echo;

import io.jevent.bufferevent.SelfSignedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.net.ssl.SSLContext;

/**
 * The TLS echo comparison: jevent's TLS BufferEvent against Netty's {@code SslHandler}, both on the
 * JDK's {@code SSLEngine}, with one self-signed certificate, TLS 1.3 and one cipher suite
 * ({@link TlsEchoSetup}). Each server runs in a process of its own pinned to CPU 0; the TLS load
 * runs on CPU 1: the C generator {@code src/main/c/tls-load.c} on OpenSSL when it was built, else
 * {@link TlsEchoLoad} in this JVM (pin this JVM to CPU 1), which costs about as much CPU per
 * message as the servers and so limits the rates it measures. Repetitions are interleaved across
 * the servers. Reported per scenario: messages per second (median), the ratio jevent / Netty, the
 * bytes the server's loop thread allocated and the CPU it used per echoed message, the loop
 * thread's and the load's share of their cores.
 * {@code jevent-bench/run-tls.sh} runs it; see docs/performance.md.
 *
 * <p>Options: {@code --quick} (one short repetition), {@code --load PATH} (the C TLS load
 * generator; without it the Java {@link TlsEchoLoad} drives the servers from this JVM),
 * {@code --out FILE} (the report).
 */
public final class TlsEchoComparison {
    static final List<EchoComparison.Scenario> SCENARIOS = List.of(
            new EchoComparison.Scenario("64 B x 50 conn, depth 1", new EchoLoad.Config(50, 1, 64, 1)),
            new EchoComparison.Scenario("16 KiB x 10 conn, depth 4", new EchoLoad.Config(10, 4, 16 * 1024, 1)));
    static final List<String> SERVERS = List.of("jevent-tls", "netty-tls");

    private TlsEchoComparison() {
    }

    /**
     * One measured run: throughput; the server loop thread's bytes and CPU per message and its share
     * of its core; the load generator's share of its core.
     */
    record Run(double messagesPerSecond, double allocatedPerMessage, double cpuNanosPerMessage, double serverCpu,
            double clientCpu) {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        int repetitions = quick ? 1 : 5;
        Duration warmup = Duration.ofSeconds(quick ? 1 : 2);
        Duration window = Duration.ofSeconds(quick ? 2 : 3);
        String loadPath = option(a, "--load");
        Path out = Path.of(option(a, "--out") == null ? "jevent-bench/target/tls-echo-comparison.md"
                : option(a, "--out"));

        Path dir = Files.createTempDirectory("tls-echo-bench");
        SelfSignedCertificate.generate(TlsEchoSetup.SERVER_NAME, "127.0.0.1").writeTo(dir);
        SSLContext client = TlsEchoSetup.clientContext(dir);
        NativeLoad nativeLoad = loadPath == null ? null
                : new NativeLoad(Path.of(loadPath), "1", TlsEchoSetup.cert(dir).toString(),
                        TlsEchoSetup.SERVER_NAME);
        String generator = nativeLoad != null ? "the C TLS load (tls-load.c, " + openSslVersion(loadPath) + ")"
                : "the Java TLS load (TlsEchoLoad, the JDK's SSLEngine)";
        System.err.println("load generator: " + generator);
        Map<String, Map<String, List<Run>>> results = new LinkedHashMap<>();
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (String kind : SERVERS) {
                servers.add(ServerProcess.javaServer(kind, "0", dir.toString()));
            }
            for (EchoComparison.Scenario s : SCENARIOS) {
                Map<String, List<Run>> byServer = new LinkedHashMap<>();
                servers.forEach(server -> byServer.put(server.name, new ArrayList<>()));
                for (int rep = 0; rep < repetitions; rep++) {
                    for (ServerProcess server : servers) {
                        Run r = measure(server, s.config(), nativeLoad, client, warmup, window);
                        byServer.get(server.name).add(r);
                        System.err.printf(Locale.ROOT, "%-26s %-10s run %d: %,.0f msg/s, %.1f B/msg, %.0f ns CPU/msg,"
                                + " server CPU %.0f %%, load CPU %.0f %%%n", s.name(), server.name, rep + 1,
                                r.messagesPerSecond(), r.allocatedPerMessage(), r.cpuNanosPerMessage(),
                                r.serverCpu() * 100, r.clientCpu() * 100);
                    }
                }
                results.put(s.name(), byServer);
            }
        } finally {
            for (ServerProcess server : servers) {
                server.close();
            }
            Files.deleteIfExists(TlsEchoSetup.cert(dir));
            Files.deleteIfExists(TlsEchoSetup.key(dir));
            Files.deleteIfExists(dir);
        }
        String report = render(results, repetitions, warmup, window, generator);
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println("report written to " + out);
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** The OpenSSL the C load runs on, as {@code tls-load --version} reports it. */
    private static String openSslVersion(String binary) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException(binary + " --version failed: " + version);
        }
        return version;
    }

    /** One run; the server's figures are read at the window's edges, whichever load drives it. */
    private static Run measure(ServerProcess server, EchoLoad.Config config, NativeLoad nativeLoad, SSLContext client,
            Duration warmup, Duration window) throws Exception {
        EchoLoad.Result result;
        ServerProcess.Snapshot before;
        ServerProcess.Snapshot after;
        if (nativeLoad != null) {
            NativeLoad.Measured m = nativeLoad.run(server, config, warmup, window, null);
            result = m.result();
            before = m.before();
            after = m.after();
        } else {
            try (TlsEchoLoad load = new TlsEchoLoad(config, server.address, client)) {
                Thread.sleep(warmup.toMillis());
                before = server.snapshot();
                result = load.measure(Duration.ZERO, window);
                after = server.snapshot();
            }
        }
        double messages = result.messages();
        double alloc = (after.stats().allocatedBytes() - before.stats().allocatedBytes()) / messages;
        long cpuNanos = after.userNanos() - before.userNanos() + after.systemNanos() - before.systemNanos();
        return new Run(result.messagesPerSecond(), alloc, cpuNanos / messages, cpuNanos / (result.seconds() * 1e9),
                result.clientCpuShare());
    }

    static String render(Map<String, Map<String, List<Run>>> results, int repetitions, Duration warmup,
            Duration window, String generator) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s, CPUs %s online. Servers pinned to CPU 0, %s to"
                + " CPU 1; %d run(s) per server and scenario, interleaved; %d s warm-up, %d s window. %s, %s.%n%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                EchoReport.onlineCpus(), generator, repetitions, warmup.toSeconds(), window.toSeconds(),
                TlsEchoSetup.PROTOCOL, TlsEchoSetup.CIPHER));
        sb.append("| scenario | jevent msg/s | Netty msg/s | jevent / Netty | jevent B/msg | Netty B/msg"
                + " | jevent CPU ns/msg | Netty CPU ns/msg | server CPU jevent / Netty | load CPU (max) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (var scenario : results.entrySet()) {
            List<Run> jevent = scenario.getValue().get("jevent-tls");
            List<Run> netty = scenario.getValue().get("netty-tls");
            double loadCpu = scenario.getValue().values().stream().flatMap(List::stream).mapToDouble(Run::clientCpu)
                    .max().orElse(0);
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.0f | %.0f | %,.0f | %,.0f"
                    + " | %.0f %% / %.0f %% | %.0f %% |%n",
                    scenario.getKey(), median(jevent, Run::messagesPerSecond), median(netty, Run::messagesPerSecond),
                    median(jevent, Run::messagesPerSecond) / median(netty, Run::messagesPerSecond),
                    median(jevent, Run::allocatedPerMessage), median(netty, Run::allocatedPerMessage),
                    median(jevent, Run::cpuNanosPerMessage), median(netty, Run::cpuNanosPerMessage),
                    median(jevent, Run::serverCpu) * 100, median(netty, Run::serverCpu) * 100, loadCpu * 100));
        }
        return sb.toString();
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
