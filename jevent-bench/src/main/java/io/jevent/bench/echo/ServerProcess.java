package io.jevent.bench.echo;

import io.jevent.BackendKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An echo server running in a child process, pinned to a core when {@code taskset} exists: a JVM
 * running {@link ServerMain}, or the libevent C program. A Java server runs on the JVM this class
 * runs on, so that every Java server of a comparison runs on the same JDK.
 */
final class ServerProcess implements AutoCloseable {
    /** The server cannot run in this JVM or on this machine (a native backend or transport); says why. */
    static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String name, String reason) {
            super(name + ": " + reason);
        }
    }

    /** Loop-thread figures a Java server reports; absent for the C server. */
    record Stats(long allocatedBytes, long cpuNanos, long heapBytes) {
    }

    /**
     * What a window's edge records: the JVM's figures (null for C) and the loop thread's CPU (the
     * whole process's for a server on several loops, whose name says {@code loops}).
     */
    record Snapshot(Stats stats, long userNanos, long systemNanos) {
    }

    Snapshot snapshot() throws IOException {
        Stats stats = stats();
        long[] cpu = name.contains("loops") ? processCpu() : loopThreadCpu();
        return new Snapshot(stats, cpu[0], cpu[1]);
    }

    /** Clock ticks per second of /proc's time fields (USER_HZ), 100 on Linux. */
    private static final long TICKS_PER_SECOND = 100;

    final String name;
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final boolean java;
    final InetSocketAddress address;
    /** The backend the server says its loop runs: "nio", "epoll", "io_uring" ("?" if it does not say). */
    final String backend;

    private ServerProcess(String name, Process process, boolean java) throws IOException {
        this.name = name;
        this.process = process;
        this.java = java;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready != null && ready.startsWith("unavailable ")) {
            waitOrKill(process);
            throw new Unavailable(name, ready.substring("unavailable ".length()));
        }
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly();
            throw new IOException(name + " did not start: " + ready);
        }
        String[] f = ready.split(" ");
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(f[1]));
        this.backend = f.length > 2 ? f[2] : "?";
    }

    /** The server's process id, for the tools that attach to it (the system-call counters). */
    long pid() {
        return process.pid();
    }

    /**
     * JVM flags every Java server gets, so that all run with the same options: jevent's epoll
     * backend reads a channel's descriptor through the JDK-internal {@code sun.nio.ch} and calls
     * epoll through the FFM API; Netty's native transports load JNI libraries, which JDK 24 and later
     * warn about without {@code --enable-native-access}. From JDK 25 on, Netty 4.2 stops using
     * {@code sun.misc.Unsafe} unless the JVM allows its memory access, which it had on JDK 17; the
     * flag (JDK 23+) gives it back, so that Netty runs as fast as it can (jevent does not use Unsafe
     * from JDK 24 on either way).
     */
    private static List<String> javaFlags() {
        List<String> flags = new ArrayList<>(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    static ServerProcess javaServer(String kind, String cpu, String... arguments) throws IOException {
        List<String> cmd = pinned(cpu);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Pinned to one core, the JVM would pick the serial collector, whose heap figures after
        // System.gc() still count garbage; every server runs on G1, the default users get.
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Xms512m");
        cmd.add("-Xmx512m");
        // The hand-written server keeps a 64 KiB direct buffer per connection: 10,000 idle
        // connections need more direct memory than the heap-sized default.
        cmd.add("-XX:MaxDirectMemorySize=2g");
        // Heap pages are touched up front, so that the RSS a server gains per idle connection is its
        // native memory (direct buffers), not young-generation pages its first allocations touch.
        cmd.add("-XX:+AlwaysPreTouch");
        // Netty's leak detector samples buffers by default; production benchmarks turn it off.
        cmd.add("-Dio.netty.leakDetection.level=disabled");
        cmd.addAll(javaFlags());
        // The servers that do not choose a backend themselves (the two-loop and TLS ones, compared
        // with Netty on NIO) stay on NIO, where AUTO would now pick epoll on a JDK 22+.
        cmd.add("-D" + BackendKind.PROPERTY + "=nio");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ServerMain.class.getName());
        cmd.add(kind);
        cmd.addAll(List.of(arguments));
        return new ServerProcess(kind, new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start(),
                true);
    }

    static ServerProcess nativeServer(String name, Path binary, String cpu) throws IOException {
        List<String> cmd = pinned(cpu);
        cmd.add(binary.toString());
        return new ServerProcess(name, new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start(),
                false);
    }

    private static List<String> pinned(String cpu) {
        List<String> cmd = new ArrayList<>();
        if (cpu != null && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.add("/usr/bin/taskset");
            cmd.add("-c");
            cmd.add(cpu);
        }
        return cmd;
    }

    /** The loop thread's figures, or null for a server that cannot report them. */
    Stats stats() throws IOException {
        if (!java) {
            return null;
        }
        in.println("stats");
        String line = out.readLine();
        if (line == null || !line.startsWith("stats ")) {
            throw new IOException(name + " answered " + line);
        }
        String[] f = line.split(" ");
        return new Stats(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    }

    /**
     * User and system CPU time of the server's loop thread, in nanoseconds, from /proc: the thread
     * whose name starts with the loop's name for a JVM, the process itself for the C server. The
     * user part is what the server's own code costs; the system part is the kernel's work for it.
     */
    long[] loopThreadCpu() throws IOException {
        Path task = Path.of("/proc", Long.toString(process.pid()), "task");
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        if (java) {
            try (var tasks = Files.list(task)) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    if (comm.endsWith("-echo") || comm.startsWith("netty-echo")) {
                        stat = t.resolve("stat");
                        break;
                    }
                }
            }
        }
        String line = Files.readString(stat);
        // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long nanosPerTick = 1_000_000_000L / TICKS_PER_SECOND;
        return new long[] {Long.parseLong(f[11]) * nanosPerTick, Long.parseLong(f[12]) * nanosPerTick};
    }

    /**
     * User and system CPU time of the whole server process, in nanoseconds, from /proc: for a
     * server with several loop threads, which no single thread's figures describe.
     */
    long[] processCpu() throws IOException {
        String line = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long nanosPerTick = 1_000_000_000L / TICKS_PER_SECOND;
        return new long[] {Long.parseLong(f[11]) * nanosPerTick, Long.parseLong(f[12]) * nanosPerTick};
    }

    /** Resident memory of the process, from /proc. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + name);
    }

    @Override
    public void close() throws InterruptedException {
        if (java) {
            in.println("quit");
        } else {
            process.destroy();
        }
        waitOrKill(process);
    }

    private static void waitOrKill(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
