package io.jevent.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reduced soak and fault suite that CI runs, against the echo example in a JVM of its own: a
 * few thousand connections and seconds per part instead of the full run's 10,000 and minutes
 * ({@code jevent-bench/soak.sh} runs that). Every part must pass: every byte back unchanged, no
 * reset or error, descriptors back where they were, the server alive, exit 0 on SIGTERM after the
 * server said it sent all the output it had (its drain).
 */
class SoakSuiteTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theReducedSuitePassesAgainstTheEchoExample() throws Exception {
        SoakOptions o = SoakOptions.quick();
        o.clients = 200;
        o.bytes = 128 * 1024;
        o.bursts = 2;
        o.c10kSeconds = 5;
        // Client and server each hold one descriptor per connection; stay well inside this JVM's limit.
        o.idle = (int) Math.min(2000, openFileLimit() - 600);
        o.server = javaCommand("io.jevent.examples.Main echo --port 0");
        o.label = "jevent echo example (reduced)";
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        List<Result> results = new Soak(o, new PrintStream(report, true, StandardCharsets.UTF_8)).run();
        String text = report.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertThat(results).extracting(r -> r.part).hasSize(9);
        for (Result r : results) {
            assertThat(r.failures).as(r.part + "\n" + text).isEmpty();
            assertThat(r.skipped).as(r.part).isFalse();
        }
        Result sigterm = results.stream().filter(r -> r.part.contains("SIGTERM")).findFirst().orElseThrow();
        assertThat(String.join("\n", sigterm.notes)).as(text).contains("; all output sent");
    }

    private static String javaCommand(String mainAndArgs) {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx256m -cp "
                + System.getProperty("java.class.path") + " " + mainAndArgs;
    }

    /** The soft limit on descriptors of this process, from /proc. */
    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? 1 << 20 : Long.parseLong(soft);
            }
        }
        return 1024;
    }
}
