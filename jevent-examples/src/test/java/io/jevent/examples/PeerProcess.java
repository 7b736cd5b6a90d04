package io.jevent.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external program a test talks to ({@code openssl s_client}, {@code openssl s_server},
 * {@code curl}), with its output and errors gathered line by line so that a test can wait, bounded,
 * for a line. Closing it destroys the process.
 */
final class PeerProcess implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    /** Starts {@code command}; its first word must be an installed program's path. */
    static PeerProcess start(String... command) throws IOException {
        return new PeerProcess(command[0], new ProcessBuilder(command).start());
    }

    /** Writes {@code text} to its standard input. */
    void send(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits, bounded, for a line (of output or errors) that contains {@code text}, and returns it. */
    String awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && lines.size() == lineCountAtExit()) {
                    throw new AssertionError(name + ": no line with \"" + text + "\" in " + WAIT_SECONDS
                            + " s or before it ended; it printed:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** Waits, bounded, for the program to end by itself, and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not end in " + WAIT_SECONDS + " s; it printed:\n" + output());
        }
        // Its last lines may still be on their way through the pumps.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        synchronized (lines) {
            while (pumpsDone < 2 && deadline - System.nanoTime() > 0) {
                TimeUnit.NANOSECONDS.timedWait(lines, deadline - System.nanoTime());
            }
        }
        return process.exitValue();
    }

    /** Everything it printed so far, output and errors interleaved by line. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** The lines gathered once both streams have ended; -1 while either is still open. */
    private int lineCountAtExit() {
        return pumpsDone == 2 ? lines.size() : -1;
    }

    private int pumpsDone;

    private void pump(InputStream stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process was destroyed: what it printed so far is all there is.
            } finally {
                synchronized (lines) {
                    pumpsDone++;
                    lines.notifyAll();
                }
            }
        }, "peer-output");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
