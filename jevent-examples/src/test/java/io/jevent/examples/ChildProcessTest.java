package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every long-running example in a JVM of its own, as {@code java -jar} runs it: SIGINT or SIGTERM
 * ends the process itself with exit code 0 (no thread is left behind to keep it alive), after the
 * example said why it stopped.
 */
class ChildProcessTest {
    private static final List<List<String>> EXAMPLES = List.of(
            List.of("echo", "--port", "0"),
            List.of("tls-echo", "--port", "0"),
            List.of("echo-events", "--port", "0"),
            List.of("rot13", "--port", "0"),
            List.of("rot13-events", "--port", "0"),
            List.of("rot13-selector", "--port", "0"),
            List.of("rot13-threads", "--port", "0"),
            List.of("demo", "--echo-port", "0", "--rot13-port", "0", "--http-port", "0"),
            List.of("timers"));

    @Test
    void aSignalEndsEveryLongRunningExampleProcessWithExitCodeZero() throws Exception {
        boolean intWorks = !StoppingTest.ignoredSinceStartup("INT");
        List<Child> children = new ArrayList<>();
        try {
            for (List<String> argv : EXAMPLES) {
                children.add(new Child(argv));
            }
            int port = Ports.free();
            children.add(new Child(List.of("connect", "127.0.0.1", String.valueOf(port))));
            for (int i = 0; i < children.size(); i++) {
                Child child = children.get(i);
                child.firstLine();
                child.signal(intWorks && i % 2 == 0 ? "INT" : "TERM");
            }
            for (Child child : children) {
                assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as(child.name + " ended").isTrue();
                assertThat(child.process.exitValue()).as(child.name + "'s exit code").isZero();
                String out = child.output.get(10, TimeUnit.SECONDS);
                assertThat(out.lines().reduce((a, b) -> b).orElse("")).as(child.name)
                        .startsWith(child.name.equals("timers") ? "stopped by SIG" + child.signal
                                : child.name + ": stopped by SIG" + child.signal);
                if (child.name.equals("demo") && ChosenBackend.expected() != null) {
                    assertThat(out).as("the demo's backend").contains("(backend: " + ChosenBackend.expected() + ")");
                }
            }
        } finally {
            children.forEach(c -> c.process.destroyForcibly());
        }
    }

    /** One example in a JVM of its own, with this test's class path and backend. */
    private static final class Child {
        final String name;
        final Process process;
        final BufferedReader stdout;
        final CompletableFuture<String> output = new CompletableFuture<>();
        final StringBuilder lines = new StringBuilder();
        String signal;

        Child(List<String> argv) throws IOException {
            this.name = argv.get(0);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1"));
            command.addAll(ChosenBackend.classPathOptions());
            command.add(Main.class.getName());
            command.addAll(argv);
            this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Waits, bounded by the test's timeout, for the example to say it is ready. */
        void firstLine() throws IOException {
            String first = stdout.readLine();
            assertThat(first).as(name + "'s first line").isNotNull();
            lines.append(first).append('\n');
            CompletableFuture.runAsync(() -> {
                try {
                    for (String l = stdout.readLine(); l != null; l = stdout.readLine()) {
                        lines.append(l).append('\n');
                    }
                    output.complete(lines.toString());
                } catch (IOException e) {
                    output.completeExceptionally(e);
                }
            });
        }

        void signal(String which) throws Exception {
            this.signal = which;
            Process kill = new ProcessBuilder("kill", "-" + which, String.valueOf(process.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + which).isTrue();
        }
    }
}
