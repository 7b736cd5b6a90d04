package io.jevent.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Out of file descriptors, a listener must neither spin nor stay stuck: a child JVM runs under
 * {@code ulimit -n 64}, on the backend this run chose, and more clients connect than it has
 * descriptors for.
 */
class AcceptBackoffTest {
    private static final int CLIENTS = 80;

    @Test
    void withAnErrorCallbackFailuresArriveWithGrowingPausesAndAcceptingResumes() throws Exception {
        try (Child child = Child.start("callback")) {
            List<SocketChannel> clients = child.connectClients();
            String gaps = child.awaitLine("gaps-ms");
            long[] ms = Arrays.stream(gaps.split(" ")).skip(1).limit(5).mapToLong(Long::parseLong).toArray();
            // Pauses of 10, 20, 40, 80, 160 ms: never a spin, and growing. A pause counts from the
            // failure (the listener refreshes the loop's cached time first), so no gap is shorter
            // than its pause; 1 ms of room is for the truncation to whole milliseconds. A loaded
            // machine only makes gaps longer.
            long pause = 10;
            for (long gap : ms) {
                assertThat(gap).as(gaps).isGreaterThanOrEqualTo(pause - 1);
                pause *= 2;
            }
            assertThat(gaps).contains("Too many open files");
            child.release();
            assertThat(child.awaitLine("accepted all")).isEqualTo("accepted all " + CLIENTS);
            closeAll(clients);
        }
    }

    @Test
    void withoutAnErrorCallbackTheListenerBacksOffInsteadOfSpinningAndResumesByItself() throws Exception {
        try (Child child = Child.start("silent")) {
            List<SocketChannel> clients = child.connectClients();
            String cpu = child.awaitLine("cpu-ms");
            String[] parts = cpu.split(" ");
            long cpuMs = Long.parseLong(parts[1]);
            long wallMs = Long.parseLong(parts[3]);
            assertThat(wallMs).isGreaterThanOrEqualTo(1000);
            // A spinning loop burns the core it gets (hundreds of ms, even on a loaded machine);
            // backing off costs a few milliseconds.
            assertThat(cpuMs).as(cpu).isLessThan(wallMs / 10);
            assertThat(child.stderr()).contains("accept() failed", "Too many open files");
            child.release();
            assertThat(child.awaitLine("accepted all")).isEqualTo("accepted all " + CLIENTS);
            closeAll(clients);
        }
    }

    private static void closeAll(List<SocketChannel> clients) throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
    }

    /** The child JVM, its output lines, and the clients connected to it. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer stderr = new StringBuffer();
        private int port;

        private Child(Process process) {
            this.process = process;
            pump(process.getInputStream(), line -> lines.add(line));
            pump(process.getErrorStream(), line -> stderr.append(line).append('\n'));
        }

        static Child start(String mode) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = "ulimit -n 64 && exec '" + java + "' " + backendOptions() + "-cp '"
                    + System.getProperty("java.class.path") + "' " + AcceptUnderFdLimit.class.getName() + " " + mode
                    + " " + CLIENTS;
            Child child = new Child(new ProcessBuilder("bash", "-c", command).start());
            String expected = System.getProperty("jevent.test.expectBackend");
            if (expected != null) {
                assertThat(child.awaitLine("backend")).isEqualTo("backend " + expected);
            }
            child.port = Integer.parseInt(child.awaitLine("port").substring("port ".length()));
            return child;
        }

        /**
         * In a pass over a chosen backend (-Djevent.backend), the same choice and the flags a native
         * backend needs, so that the child tests that backend too; nothing otherwise.
         */
        private static String backendOptions() {
            String backend = System.getProperty("jevent.backend");
            if (backend == null) {
                return "";
            }
            return "--add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
                    + " -Djevent.backend=" + backend + " ";
        }

        List<SocketChannel> connectClients() throws IOException {
            List<SocketChannel> clients = new ArrayList<>();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(SocketChannel.open(address));
            }
            return clients;
        }

        String awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError("no line starting with \"" + prefix + "\" within 30 s; stderr:\n"
                            + stderr);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void release() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("release\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String stderr() {
            return stderr.toString();
        }

        private static void pump(java.io.InputStream stream, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    r.lines().forEach(sink);
                } catch (IOException e) {
                    sink.accept("pump failed: " + e);
                }
            }, "child-output");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

}
