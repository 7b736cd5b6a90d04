package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs an example in-process on its own thread, exactly as {@code java -jar} would, and captures
 * what it prints. {@link #stop()} is the test hook that stops it as SIGTERM would.
 */
final class ExampleRunner {
    static final long WAIT_SECONDS = 30;
    /** {@code 127.0.0.1:9876} or {@code [::1]:9876}. */
    private static final Pattern ADDRESS = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+\\]):(\\d+)");

    private final Capture out = new Capture();
    private final Capture err = new Capture();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private Thread thread;

    static ExampleRunner start(String... argv) {
        ExampleRunner r = new ExampleRunner();
        PrintStream out = new PrintStream(r.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(r.err, true, StandardCharsets.UTF_8);
        r.thread = new Thread(() -> {
            try {
                r.exit.complete(Main.run(argv, out, err));
            } catch (Throwable e) {
                r.exit.completeExceptionally(e);
            } finally {
                r.out.wake();
                r.err.wake();
            }
        }, "example-" + argv[0]);
        r.thread.start();
        return r;
    }

    /** Waits, bounded, for the first line: examples print it once they are ready. */
    String awaitFirstLine() throws InterruptedException {
        return out.awaitLine("", 1, this);
    }

    /** Waits, bounded, for a line of output that contains {@code text}, and returns it. */
    String awaitLine(String text) throws InterruptedException {
        return out.awaitLine(text, 1, this);
    }

    /** Waits, bounded, until {@code count} lines of output contain {@code text}; returns the last one. */
    String awaitLine(String text, int count) throws InterruptedException {
        return out.awaitLine(text, count, this);
    }

    /** Waits, bounded, for a line of error output that contains {@code text}. */
    String awaitErr(String text) throws InterruptedException {
        return err.awaitLine(text, 1, this);
    }

    /** The address the server's first line names: {@code NAME: listening on 127.0.0.1:P}. */
    InetSocketAddress address() throws InterruptedException {
        return addresses().get(0);
    }

    /** Every address the first line names (the demo names two). */
    List<InetSocketAddress> addresses() throws InterruptedException {
        String first = awaitFirstLine();
        assertThat(first).contains(": listening on ");
        List<InetSocketAddress> found = new ArrayList<>();
        for (Matcher m = ADDRESS.matcher(first); m.find(); ) {
            found.add(new InetSocketAddress(m.group(1).replaceAll("[\\[\\]]", ""), Integer.parseInt(m.group(2))));
        }
        assertThat(found).as("addresses in the first line: %s", first).isNotEmpty();
        return found;
    }

    /** Stops the example as SIGTERM would (the examples' test hook), and waits for its exit code. */
    int stop() throws Exception {
        assertThat(Lifetime.requestStop(thread)).as("an example runs on %s", thread.getName()).isTrue();
        return awaitExit();
    }

    int awaitExit() throws Exception {
        return exit.get(60, TimeUnit.SECONDS);
    }

    String output() {
        return out.text();
    }

    /**
     * What the example printed on stderr, without the notice it prints first when this JVM was
     * started with SIGINT or SIGTERM ignored (a build run in the background): the tests' checks of
     * stderr hold whatever shell started them.
     */
    String err() {
        return withoutIgnoredSignalNotices(err.text());
    }

    /** {@code text} without the lines {@link Lifetime} prints for a signal ignored since startup. */
    static String withoutIgnoredSignalNotices(String text) {
        String intNotice = Lifetime.ignoredNotice("INT");
        String termNotice = Lifetime.ignoredNotice("TERM");
        StringBuilder kept = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int lf = text.indexOf('\n', start);
            int end = lf < 0 ? text.length() : lf + 1;
            String line = text.substring(start, lf < 0 ? end : lf);
            if (lf < 0 || !line.equals(intNotice) && !line.equals(termNotice)) {
                kept.append(text, start, end);
            }
            start = end;
        }
        return kept.toString();
    }

    /** What the example printed on one stream; wakes up waiters at each end of line. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            if (b == '\n') {
                notifyAll();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized void wake() {
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized String awaitLine(String text, int count, ExampleRunner runner) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (true) {
                String all = text();
                List<String> matching = all.substring(0, all.lastIndexOf('\n') + 1).lines()
                        .filter(l -> l.contains(text)).toList();
                if (matching.size() >= count) {
                    return matching.get(count - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || runner.exit.isDone()) {
                    throw new AssertionError("no " + count + " complete lines with \"" + text + "\" in "
                            + WAIT_SECONDS + " s or before the example ended; output:\n" + runner.output()
                            + "\nstderr:\n" + runner.err());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
