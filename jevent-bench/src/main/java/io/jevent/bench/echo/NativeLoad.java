package io.jevent.bench.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
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
 * the generator. Server figures are read when the generator says its window starts and ends; after
 * the window the load can go on for a second one, whose edges the caller marks (the system-call
 * count).
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

    /**
     * One measured run; {@code before} and {@code after} are taken at the window's edges;
     * {@code syscalls} is what the second window counted, null without one.
     */
    record Measured(EchoLoad.Result result, ServerProcess.Snapshot before, ServerProcess.Snapshot after,
            SyscallCounts syscalls) {
    }

    /** What runs after the timed window while the load goes on, given the load's progress. */
    interface AfterWindow {
        SyscallCounts run(SyscallCounter.Progress progress) throws IOException, InterruptedException;
    }

    /**
     * @param afterWindow run after the timed window, the load still running; null to end the load
     *                    with the window
     */
    Measured run(ServerProcess server, EchoLoad.Config config, Duration warmup, Duration window,
            AfterWindow afterWindow) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (cpu != null && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", cpu));
        }
        cmd.addAll(List.of(binary.toString(), "127.0.0.1", Integer.toString(server.address.getPort()),
                Integer.toString(config.connections()), Integer.toString(config.depth()),
                Integer.toString(config.size()), Long.toString(warmup.toMillis()), Long.toString(window.toMillis())));
        if (afterWindow != null) {
            cmd.add("1"); // echo-load.c: hold the load for the second window
        }
        cmd.addAll(extraArguments);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ServerProcess.Snapshot before = null;
        ServerProcess.Snapshot after = null;
        Map<String, String> fields = null;
        SyscallCounts syscalls = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter commands = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("window")) {
                    before = server.snapshot();
                } else if (line.startsWith("result ")) {
                    after = server.snapshot();
                    fields = parse(line);
                    if (afterWindow != null) {
                        try {
                            syscalls = afterWindow.run(() -> mark(commands, out));
                        } finally {
                            commands.println("stop");
                        }
                    }
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
        return new Measured(result, before, after, syscalls);
    }

    /** Asks the generator (held after its window) how many messages it has completed so far. */
    private static long mark(PrintWriter commands, BufferedReader out) throws IOException {
        commands.println("mark");
        String line = out.readLine();
        if (line == null || !line.startsWith("mark ")) {
            throw new IOException("the load generator answered \"" + line + "\" to mark");
        }
        return Long.parseLong(parse(line).get("messages"));
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> m = new HashMap<>();
        for (String part : line.substring(line.indexOf(' ') + 1).split(" ")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
