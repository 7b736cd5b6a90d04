package io.jevent.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs an example in-process on its own thread, exactly as {@code java -jar} would, and captures
 * what it prints.
 */
final class ExampleRunner {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CountDownLatch firstLine = new CountDownLatch(1);
    private final PrintStream out = new PrintStream(new OutputStream() {
        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n') {
                firstLine.countDown();
            }
        }
    }, true, StandardCharsets.UTF_8);
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private CompletableFuture<Integer> exit;

    static ExampleRunner start(String... argv) {
        ExampleRunner r = new ExampleRunner();
        PrintStream err = new PrintStream(r.errBytes, true, StandardCharsets.UTF_8);
        r.exit = CompletableFuture.supplyAsync(() -> {
            try {
                return Main.run(argv, r.out, err);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> new Thread(task, "example-" + argv[0]).start());
        return r;
    }

    /** Waits, bounded, for the first line: examples print it once they are ready. */
    String awaitFirstLine() throws InterruptedException {
        if (!firstLine.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the example printed nothing in 30 s; stderr: " + err());
        }
        return output().lines().findFirst().orElseThrow();
    }

    int awaitExit() throws Exception {
        return exit.get(60, TimeUnit.SECONDS);
    }

    synchronized String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
