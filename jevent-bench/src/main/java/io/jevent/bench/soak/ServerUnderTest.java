package io.jevent.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The echo server the soak runs against: either a command the runner starts (through
 * {@code bash -c}, under a descriptor limit of its choosing) and reads the port from, or a server
 * already running at an address, with its process id when known (for the /proc figures).
 *
 * <p>A started server must print where it listens in one of its first lines of output, as jevent's examples
 * ({@code echo: listening on 127.0.0.1:40123}) and the C echo servers ({@code ready 40123}) do.
 */
final class ServerUnderTest implements AutoCloseable {
    /** The port in a first line: after "ready " or after the last ':'. */
    private static final Pattern PORT = Pattern.compile("(?:ready |:)(\\d{1,5})\\s*$");
    private static final int KEPT_LINES = 20;
    private static final int MAX_LINES_BEFORE_PORT = 20;

    final InetSocketAddress address;
    final long pid;
    private final Process process;
    private final String command;
    private final Deque<String> lastLines = new ArrayDeque<>();
    /** Reads the started server's output; null for a server attached to. */
    private Thread output;

    private ServerUnderTest(InetSocketAddress address, long pid, Process process, String command) {
        this.address = address;
        this.pid = pid;
        this.process = process;
        this.command = command;
    }

    static ServerUnderTest attach(InetSocketAddress address, long pid) {
        return new ServerUnderTest(address, pid, null, null);
    }

    /**
     * Starts {@code command} with {@code ulimit -n fdLimit} (at most the hard limit) and waits up to 60 seconds for its first line.
     *
     * @param host the address to connect to; the port comes from the server's first line
     */
    static ServerUnderTest launch(String command, int fdLimit, String host) throws IOException {
        // The limit asked for, or the hard limit if that is lower: raising it needs no privilege.
        String limit = "n=" + fdLimit + "; h=$(ulimit -Hn); if [ \"$h\" != unlimited ] && [ \"$h\" -lt $n ];"
                + " then n=$h; fi; ulimit -n $n && exec ";
        Process p = new ProcessBuilder(List.of("bash", "-c", limit + command))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // The port is in the first line that names one: a JVM may print a warning before it.
        CompletableFuture<Matcher> found = CompletableFuture.supplyAsync(() -> {
            try {
                for (int i = 0; i < MAX_LINES_BEFORE_PORT; i++) {
                    String line = out.readLine();
                    if (line == null) {
                        return null;
                    }
                    Matcher m = PORT.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
            } catch (IOException e) {
                // the server is gone
            }
            return null;
        });
        Matcher m;
        try {
            m = found.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("the server printed no port within 60 s: " + command, e);
        }
        if (m == null) {
            p.destroyForcibly();
            throw new IOException("the server's first lines name no port: " + command);
        }
        ServerUnderTest s = new ServerUnderTest(new InetSocketAddress(host, Integer.parseInt(m.group(1))),
                p.pid(), p, command);
        s.output = new Thread(() -> s.drain(out), "soak-server-output");
        s.output.setDaemon(true);
        s.output.start();
        return s;
    }

    /** Keeps reading the server's output so that it never blocks on a full pipe; keeps the last lines. */
    private void drain(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the server is gone
        }
    }

    boolean launched() {
        return process != null;
    }

    String command() {
        return command;
    }

    ProcSample sample() {
        return ProcSample.of(pid);
    }

    boolean alive() {
        return process == null || process.isAlive();
    }

    /**
     * The server's last lines of output, newest last; once the server has exited, all of them (the
     * reading thread is given a few seconds to reach the end).
     */
    List<String> lastLines() throws InterruptedException {
        if (process != null && !process.isAlive()) {
            output.join(5_000);
        }
        synchronized (lastLines) {
            return List.copyOf(lastLines);
        }
    }

    /**
     * Sends SIGTERM; the exit code arrives on the returned future. Through the process handle:
     * {@code Process.destroy()} would also close our end of the server's output, and its last
     * lines would be lost.
     */
    CompletableFuture<Process> terminate() {
        process.toHandle().destroy();
        return process.onExit();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }
}
