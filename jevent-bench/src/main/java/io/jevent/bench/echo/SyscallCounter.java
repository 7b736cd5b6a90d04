package io.jevent.bench.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts the system calls of a server process, all its threads, over a window of its own that the
 * comparison opens right after a timed window, the load still running: counting never slows a
 * timed window. Two tools, which {@code run.sh} chooses between:
 * <ul>
 * <li>{@code perf}: the kernel's syscall tracepoints, counted in the kernel
 * ({@code perf stat -e raw_syscalls:sys_enter -e syscalls:sys_enter_read ...} on the process),
 * started disabled and switched on and off through perf's control descriptor, so that the counted
 * span is the window; costs the server little.
 * <li>{@code strace}: {@code strace -c -f} attached for the window. It stops the server at every
 * call, so the server runs several times slower while counted and batches differently: calls that
 * happen once per message ({@code read}, {@code write} at depth 1) are exact, calls that happen
 * once per wake-up ({@code epoll_wait}, {@code io_uring_enter}) are undercounted.
 * </ul>
 */
abstract class SyscallCounter {
    /** The messages the load has completed so far; read at the window's edges. */
    interface Progress {
        long messages() throws IOException;
    }

    /**
     * The calls counted one by one beside the total: the ones an echo server's loop makes (reads,
     * writes, waits, wake-ups), whichever the kernel has.
     */
    static final List<String> CALLS = List.of("read", "write", "readv", "writev", "recvfrom", "sendto", "recvmsg",
            "sendmsg", "epoll_wait", "epoll_pwait", "epoll_pwait2", "epoll_ctl", "io_uring_enter", "poll", "ppoll",
            "select", "futex", "accept", "accept4", "close", "ioctl", "fcntl", "timerfd_settime", "sched_yield",
            "nanosleep", "clock_nanosleep", "mprotect", "madvise");

    /**
     * The counter for {@code tool}: {@code perf} or {@code strace}.
     *
     * @throws IllegalArgumentException for another name
     */
    static SyscallCounter forTool(String tool) {
        switch (tool) {
            case "perf":
                return new Perf();
            case "strace":
                return new Strace();
            default:
                throw new IllegalArgumentException("no system-call counter " + tool + ": perf or strace");
        }
    }

    /** How the report names the method. */
    abstract String describe();

    /**
     * Counts {@code pid}'s system calls while the load runs {@code window} more.
     *
     * @throws IOException if the tool fails (its own message attached)
     */
    abstract SyscallCounts count(long pid, Duration window, Progress progress) throws IOException, InterruptedException;

    /** Counts with perf's syscall tracepoints, switched on for exactly the window. */
    private static final class Perf extends SyscallCounter {
        @Override
        String describe() {
            return "perf stat on the syscall tracepoints";
        }

        @Override
        SyscallCounts count(long pid, Duration window, Progress progress) throws IOException, InterruptedException {
            List<String> calls = new ArrayList<>();
            for (String call : CALLS) {
                if (tracepointExists(call)) {
                    calls.add(call);
                }
            }
            Path out = Files.createTempFile("perf-stat", ".csv");
            Path err = Files.createTempFile("perf-stat", ".err");
            List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x", ",", "-D", "-1", "--control", "fd:0,1",
                    "-o", out.toString(), "-p", Long.toString(pid), "-e", "raw_syscalls:sys_enter"));
            for (String call : calls) {
                cmd.add("-e");
                cmd.add("syscalls:sys_enter_" + call);
            }
            Process perf = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            try {
                BufferedReader ack = new BufferedReader(new InputStreamReader(perf.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream control = perf.getOutputStream();
                command(control, ack, "enable", err);
                long before = progress.messages();
                Thread.sleep(window.toMillis());
                long after = progress.messages();
                command(control, ack, "disable", err);
                interrupt(perf);
                Map<String, Long> counts = parsePerf(Files.readAllLines(out));
                Long total = counts.remove("raw_syscalls:sys_enter");
                if (total == null) {
                    throw new IOException("perf stat counted nothing: " + Files.readString(err).trim());
                }
                Map<String, Long> byName = new LinkedHashMap<>();
                counts.forEach((event, n) -> byName.put(event.substring(event.indexOf("sys_enter_") + 10), n));
                return new SyscallCounts(after - before, total, byName);
            } finally {
                perf.destroyForcibly();
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        /** Sends an enable or disable and waits for perf's "ack", so that the switch has happened. */
        private static void command(OutputStream control, BufferedReader ack, String command, Path err)
                throws IOException {
            control.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            control.flush();
            String line = ack.readLine();
            // perf 6.1 may put a NUL before the "ack" of a second command.
            if (line == null || !line.contains("ack")) {
                throw new IOException("perf stat did not acknowledge \"" + command + "\": "
                        + Files.readString(err).trim());
            }
        }

        private static boolean tracepointExists(String call) {
            for (String root : List.of("/sys/kernel/tracing", "/sys/kernel/debug/tracing")) {
                if (Files.isDirectory(Path.of(root, "events", "syscalls", "sys_enter_" + call))) {
                    return true;
                }
            }
            return false;
        }

        /** perf stat -x , lines: value,unit,event,...; "<not counted>" values are left out. */
        private static Map<String, Long> parsePerf(List<String> lines) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String line : lines) {
                String[] f = line.split(",");
                if (line.startsWith("#") || f.length < 3 || !f[0].matches("\\d+")) {
                    continue;
                }
                counts.merge(f[2], Long.parseLong(f[0]), Long::sum);
            }
            return counts;
        }
    }

    /** Counts with strace -c -f attached for the window. */
    private static final class Strace extends SyscallCounter {
        @Override
        String describe() {
            return "strace -c (which slows the server: calls made once per wake-up come out low)";
        }

        @Override
        SyscallCounts count(long pid, Duration window, Progress progress) throws IOException, InterruptedException {
            Path out = Files.createTempFile("strace", ".txt");
            Process strace = new ProcessBuilder("strace", "-c", "-f", "-o", out.toString(), "-p", Long.toString(pid))
                    .start();
            try {
                // strace says "Process N attached with T threads" once it has attached them all.
                CountDownLatch attached = new CountDownLatch(1);
                StringBuilder messages = new StringBuilder();
                Thread reader = new Thread(() -> {
                    try (BufferedReader err = new BufferedReader(new InputStreamReader(strace.getErrorStream(),
                            StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = err.readLine()) != null) {
                            if (line.contains(" attached")) {
                                attached.countDown();
                            } else {
                                synchronized (messages) {
                                    messages.append(line).append('\n');
                                }
                            }
                        }
                    } catch (IOException e) {
                        // strace is gone: the summary file says what it counted, if anything.
                    }
                }, "strace-stderr");
                reader.setDaemon(true);
                reader.start();
                if (!attached.await(10, TimeUnit.SECONDS)) {
                    synchronized (messages) {
                        throw new IOException("strace did not attach to " + pid + " within 10 s: "
                                + messages.toString().trim());
                    }
                }
                long before = progress.messages();
                Thread.sleep(window.toMillis());
                long after = progress.messages();
                interrupt(strace);
                Map<String, Long> byName = new LinkedHashMap<>();
                long total = -1;
                for (String line : Files.readAllLines(out)) {
                    String[] f = line.trim().split("\\s+");
                    // "% time  seconds  usecs/call  calls  [errors]  syscall"; the last row is "total".
                    if (f.length < 5 || !f[3].matches("\\d+")) {
                        continue;
                    }
                    String name = f[f.length - 1];
                    if (name.equals("total")) {
                        total = Long.parseLong(f[3]);
                    } else {
                        byName.put(name, Long.parseLong(f[3]));
                    }
                }
                if (total < 0) {
                    throw new IOException("strace counted nothing for " + pid);
                }
                return new SyscallCounts(after - before, total, byName);
            } finally {
                strace.destroyForcibly();
                Files.deleteIfExists(out);
            }
        }
    }

    /** Stops a tool with SIGINT, on which perf and strace print their counts, and waits for it. */
    private static void interrupt(Process tool) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(tool.pid())).inheritIO().start();
        kill.waitFor(10, TimeUnit.SECONDS);
        if (!tool.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("the counter (pid " + tool.pid() + ") did not stop on SIGINT");
        }
    }
}
