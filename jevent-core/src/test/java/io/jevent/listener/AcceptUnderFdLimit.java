package io.jevent.listener;

import io.jevent.Event;
import io.jevent.EventBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for {@link AcceptBackoffTest}, started under a low descriptor limit. It accepts
 * and holds connections until accept() fails for lack of descriptors, reports how it behaved while
 * failing, releases the connections when told to on stdin (closing those it accepts after that), and
 * reports when it has accepted all. Its first line names its backend.
 *
 * <p>Mode {@code callback}: an error callback records when each failure happens; the child prints
 * the gaps between the first failures. Mode {@code silent}: no error callback; once jevent logs the
 * failure, the child measures the loop thread's CPU time over one second of its own timer.
 */
public final class AcceptUnderFdLimit {
    private AcceptUnderFdLimit() {
    }

    /** Set in silent mode: what to do when jevent's warning reaches stderr. */
    private static volatile Runnable onWarning = () -> { };

    public static void main(String[] args) throws Exception {
        teeStderr();
        loadEverythingWhileDescriptorsLast();
        String mode = args[0];
        int expected = Integer.parseInt(args[1]);
        EventBase base = new EventBase();
        List<SocketChannel> held = new ArrayList<>();
        // Once released, a connection is closed as soon as it is accepted: holding them again would
        // run out of descriptors again before the last client is accepted, the sooner the more the
        // JVM itself holds (a JDK, a backend or a class path may take a few more).
        boolean[] released = new boolean[1];
        int[] accepted = new int[1];
        ConnListener listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                -1, (lev, ch, peer) -> {
                    if (released[0]) {
                        closeQuietly(ch);
                    } else {
                        held.add(ch);
                    }
                    if (++accepted[0] == expected) {
                        System.out.println("accepted all " + expected);
                        base.loopExit();
                    }
                }, ConnListener.Option.CLOSE_ON_FREE);

        if (mode.equals("callback")) {
            List<Long> failures = new ArrayList<>();
            listener.setErrorCallback((lev, cause) -> {
                failures.add(System.nanoTime());
                if (failures.size() == 6) {
                    StringBuilder gaps = new StringBuilder("gaps-ms");
                    for (int i = 1; i < failures.size(); i++) {
                        gaps.append(' ').append((failures.get(i) - failures.get(i - 1)) / 1_000_000);
                    }
                    System.out.println(gaps + " cause " + cause.getMessage());
                }
            });
        } else {
            measureCpuAfterTheFirstWarning(base);
        }

        Thread stdin = new Thread(() -> {
            // Not closed: closing stdin takes a descriptor (the JDK puts /dev/null in its place).
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            try {
                if ("release".equals(in.readLine())) {
                    base.execute(() -> {
                        for (SocketChannel ch : held) {
                            closeQuietly(ch);
                        }
                        System.out.println("released " + held.size());
                        held.clear();
                        released[0] = true;
                    });
                }
            } catch (IOException e) {
                System.out.println("stdin failed: " + e);
            }
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();

        System.out.println("backend " + base.backendName());
        System.out.println("port " + ((InetSocketAddress) listener.localAddress()).getPort());
        base.dispatch();
        listener.close();
        base.close();
    }

    /**
     * jevent logs the first failure of a streak to stderr; a tee on stderr, installed before the
     * logging system captures stderr, sees it.
     */
    private static void teeStderr() {
        PrintStream realErr = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                realErr.write(b);
                if (b != '\n') {
                    line.append((char) b);
                    return;
                }
                if (line.indexOf("accept() failed") >= 0) {
                    onWarning.run();
                }
                line.setLength(0);
            }
        }, true));
    }

    /** Starts a one-second window, timed by the loop itself, over which CPU time is measured. */
    private static void measureCpuAfterTheFirstWarning(EventBase base) {
        boolean[] started = new boolean[1];
        onWarning = () -> base.execute(() -> {
            if (!started[0]) {
                started[0] = true;
                startWindow(base);
            }
        });
    }

    private static void startWindow(EventBase base) {
        long cpuStart = cpuNanos();
        long wallStart = System.nanoTime();
        Event window = base.newTimer((ev, what) -> System.out.println("cpu-ms "
                + (cpuNanos() - cpuStart) / 1_000_000 + " wall-ms " + (System.nanoTime() - wallStart) / 1_000_000));
        window.add(Duration.ofSeconds(1));
    }

    /** The loop thread's CPU time: a spinning loop would burn all of it. Needs no descriptor. */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * Classes loaded from a directory each need a descriptor, and so do the JDK's security and
     * logging configuration files and the management library: get them all before the descriptors
     * run out. (From a jar, as in
     * production, classes load through the already open jar.)
     */
    private static void loadEverythingWhileDescriptorsLast() throws Exception {
        java.security.Security.getProperty("securerandom.source");
        System.getLogger("io.jevent.test").log(System.Logger.Level.INFO, "child starting");
        cpuNanos();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            java.nio.file.Path root = java.nio.file.Path.of(entry);
            java.nio.file.Path pkg = root.resolve("io/jevent");
            if (!java.nio.file.Files.isDirectory(pkg)) {
                continue;
            }
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(pkg)) {
                for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                    String name = root.relativize(f).toString();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                                AcceptUnderFdLimit.class.getClassLoader());
                    }
                }
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            System.out.println("close failed: " + e);
        }
    }
}
