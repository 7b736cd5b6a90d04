package io.jevent.bufferevent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer program run by a test: its output (stderr merged in) is read as it comes, so a test
 * waits for the line that says the peer is ready instead of sleeping. {@link #close()} ends it,
 * so a test that fails half-way leaves no process behind.
 */
final class PeerProcess implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<String> command;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private PeerProcess(Path directory, List<String> command) throws IOException {
        this.command = command;
        this.process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        this.reader = new Thread(this::readOutput, "peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in {@code directory}; its standard input stays open until {@link #closeInput()}. */
    static PeerProcess start(Path directory, String... command) throws IOException {
        return new PeerProcess(directory, List.of(command));
    }

    /** Runs {@code command} in {@code directory} with no input to completion and returns its output, failing unless it exits 0. */
    static String run(Path directory, String... command) throws Exception {
        try (PeerProcess peer = start(directory, command)) {
            peer.closeInput();
            int exit = peer.awaitExit();
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exit + ":\n" + peer.output());
            }
            return peer.output();
        }
    }

    /** Ends the program's input: {@code openssl s_client} then closes the connection and exits. */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the first line that matches {@code pattern} and returns its match. */
    Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line matching " + pattern + " within " + WAIT + " from "
                        + String.join(" ", command) + "; output:\n" + output);
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    /** Waits for the program to exit, and for the last of its output, and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(String.join(" ", command) + " did not exit within " + WAIT + "; output:\n" + output);
        }
        reader.join(WAIT.toMillis());
        return process.exitValue();
    }

    /** Everything the program printed so far. */
    String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                lines.add(line);
            }
        } catch (IOException e) {
            output.append("(reading the output failed: ").append(e).append(")\n");
        }
    }
}
