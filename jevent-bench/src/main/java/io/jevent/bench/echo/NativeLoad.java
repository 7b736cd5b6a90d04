package io.jevent.bench.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the C load generator ({@code src/main/c/echo-load.c}) against a server, pinned to a core:
 * on two cores the generator must cost less than the servers it drives, or the comparison measures
 * the generator. Server figures are read when the generator says its window starts and ends.
 */
final class NativeLoad {
    private final Path binary;
    private final String cpu;
    private final List<String> extraArguments;

    /** {@code extraArguments} follow the common seven, for a generator that needs more (tls-load.c). */
    NativeLoad(Path binary, String cpu, String... extraArguments) {
        this.binary = binary;
        this.cpu = cpu;
        this.extraArguments = List.of(extraArguments);
    }

    /** One measured run; {@code before} and {@code after} are taken at the window's edges. */
    record Measured(EchoLoad.Result result, ServerProcess.Snapshot before, ServerProcess.Snapshot after) {
    }

    Measured run(ServerProcess server, EchoLoad.Config config, Duration warmup, Duration window)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (cpu != null && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", cpu));
        }
        cmd.addAll(List.of(binary.toString(), "127.0.0.1", Integer.toString(server.address.getPort()),
                Integer.toString(config.connections()), Integer.toString(config.depth()),
                Integer.toString(config.size()), Long.toString(warmup.toMillis()), Long.toString(window.toMillis())));
        cmd.addAll(extraArguments);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ServerProcess.Snapshot before = null;
        ServerProcess.Snapshot after = null;
        Map<String, String> fields = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("window")) {
                    before = server.snapshot();
                } else if (line.startsWith("result ")) {
                    after = server.snapshot();
                    fields = parse(line);
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (fields == null || p.exitValue() != 0) {
            throw new IOException("the load generator failed against " + server.name + " (exit " + p.exitValue() + ")");
        }
        EchoLoad.Result result = new EchoLoad.Result(Long.parseLong(fields.get("messages")),
                Double.parseDouble(fields.get("seconds")), Long.parseLong(fields.get("p50_us")),
                Long.parseLong(fields.get("p99_us")), Double.parseDouble(fields.get("cpu")));
        return new Measured(result, before, after);
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> m = new HashMap<>();
        for (String part : line.substring("result ".length()).split(" ")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
