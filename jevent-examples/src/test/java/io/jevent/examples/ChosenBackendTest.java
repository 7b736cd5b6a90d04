package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples run on the backend this test run chose, in this JVM and from the jar as
 * {@code java -jar} runs them: the demo names its backend ({@code EventBase.backendName()}), and a
 * pass over a native backend fails here rather than quietly testing NIO a second time.
 * {@link ChildProcessTest} checks the same for an example run from the class path.
 */
class ChosenBackendTest {
    private static final String[] DEMO = {"demo", "--echo-port", "0", "--rot13-port", "0", "--http-port", "0"};

    /** The demo's line that names its backend: the chosen one, or any when this run chose none. */
    private static final String NAMES_THE_BACKEND = "demo: both servers run on one EventBase \\(backend: "
            + (ChosenBackend.expected() != null ? ChosenBackend.expected() : "\\w+")
            + "\\), on this one thread; stop with Ctrl-C";

    @Test
    void inThisJvmTheDemoSaysItRunsOnTheChosenBackend() throws Exception {
        ExampleRunner demo = ExampleRunner.start(DEMO);
        try {
            assertThat(demo.awaitLine("both servers run")).matches(NAMES_THE_BACKEND);
        } finally {
            demo.stop();
        }
    }

    @Test
    void fromTheJarTheDemoSaysItRunsOnTheChosenBackend(@TempDir Path dir) throws Exception {
        try (ExampleProcess demo = ExampleProcess.start(ExampleProcess.jar(dir), 0, DEMO)) {
            assertThat(demo.awaitOut("both servers run")).matches(NAMES_THE_BACKEND);
            assertThat(demo.stop()).isZero();
        }
    }
}
