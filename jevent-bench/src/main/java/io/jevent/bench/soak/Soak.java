package io.jevent.bench.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak and fault runner: loads an echo server with many clients, checks that every byte comes
 * back unchanged, and reports resets, errors, bytes lost, round-trip latency and the server's
 * resident memory, threads and descriptors before, at the peak of and after each part.
 *
 * <pre>
 * Soak (--server 'COMMAND' | --target HOST:PORT [--pid PID]) [options]
 *   --parts load,burst,c10k,faults   which parts to run (default: all)
 *   --quick                          the reduced run: a few thousand connections, seconds per part
 *   --clients N --bytes M --message K   load: N clients each echo M bytes, K per round trip
 *   --bursts R --burst B             bursts: R rounds of B connections opened at once
 *   --idle I --active A --seconds S  C10K: I idle and A busy connections for S seconds
 *   --settle S                       seconds to wait after a part before the "after" figures
 *   --fd-limit N --low-fd-limit L    the started server's descriptor limit; the lowered one
 *   --rot13                          the server answers lines with their ROT13 (the rot13 examples)
 *   --label NAME --out FILE          the report's title; append the report to FILE
 * </pre>
 *
 * A started server gets {@code ulimit -n} of {@code --fd-limit}; the faults that restart the server
 * (descriptor exhaustion, SIGTERM) need {@code --server}. Exit code 0 when every part passed.
 */
public final class Soak {
    private final SoakOptions o;
    private final PrintStream log;

    Soak(SoakOptions options, PrintStream log) {
        this.o = options;
        this.log = log;
    }

    /**
     * Runs the soak from the command line.
     *
     * @param args see the class comment
     * @throws Exception if the server cannot be started or reached
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            ChildClients.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SoakOptions o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println("usage: Soak (--server 'COMMAND' | --target HOST:PORT [--pid PID]) [--quick]"
                    + " [--parts load,burst,c10k,faults] [--clients N] [--bytes M] [--message K] [--bursts R]"
                    + " [--burst B] [--idle I] [--active A] [--seconds S] [--settle S] [--fd-limit N]"
                    + " [--low-fd-limit L] [--rot13] [--label NAME] [--out FILE]");
            System.exit(2);
            return;
        }
        List<Result> results = new Soak(o, System.out).run();
        System.exit(results.stream().allMatch(r -> r.passed()) ? 0 : 1);
    }

    static SoakOptions parse(String[] args) {
        SoakOptions o = Arrays.asList(args).contains("--quick") ? SoakOptions.quick() : new SoakOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (a.equals("--rot13")) {
                o.rot13 = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--server" -> o.server = v;
                case "--target" -> o.target = v;
                case "--pid" -> o.pid = Long.parseLong(v);
                case "--host" -> o.host = v;
                case "--parts" -> o.parts = List.of(v.split(","));
                case "--clients" -> o.clients = Integer.parseInt(v);
                case "--bytes" -> o.bytes = SoakOptions.bytes(v);
                case "--message" -> o.message = (int) SoakOptions.bytes(v);
                case "--bursts" -> o.bursts = Integer.parseInt(v);
                case "--burst" -> o.burstSize = Integer.parseInt(v);
                case "--idle" -> o.idle = Integer.parseInt(v);
                case "--active" -> o.active = Integer.parseInt(v);
                case "--seconds" -> o.c10kSeconds = Integer.parseInt(v);
                case "--settle" -> o.settleSeconds = Integer.parseInt(v);
                case "--fd-limit" -> o.serverFdLimit = Integer.parseInt(v);
                case "--low-fd-limit" -> o.lowFdLimit = Integer.parseInt(v);
                case "--label" -> o.label = v;
                case "--out" -> o.out = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if ((o.server == null) == (o.target == null)) {
            throw new IllegalArgumentException("give either --server 'COMMAND' or --target HOST:PORT");
        }
        for (String p : o.parts) {
            if (!List.of("load", "burst", "c10k", "faults").contains(p)) {
                throw new IllegalArgumentException("unknown part " + p + ": load, burst, c10k or faults");
            }
        }
        return o;
    }

    /** A client engine for this run's server and protocol. */
    ClientEngine engine(ServerUnderTest server, int maxConnecting) throws IOException {
        ClientEngine e = new ClientEngine(server.address, maxConnecting);
        e.rot13(o.rot13);
        return e;
    }

    /** Runs the parts asked for and prints (and appends to {@code --out}) the report. */
    List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        try (ServerUnderTest server = open()) {
            log.printf("soak: %s at %s (pid %d)%n", o.label, server.address, server.pid);
            for (String part : o.parts) {
                switch (part) {
                    case "load" -> results.add(load(server));
                    case "burst" -> results.add(burst(server));
                    case "c10k" -> results.add(c10k(server));
                    default -> results.addAll(new Faults(o, log, this).run(server));
                }
                log.println(results.get(results.size() - 1).row());
            }
        }
        report(results);
        return results;
    }

    private ServerUnderTest open() throws IOException {
        if (o.server != null) {
            return ServerUnderTest.launch(o.server, o.serverFdLimit, o.host);
        }
        int colon = o.target.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--target must be HOST:PORT: " + o.target);
        }
        String host = o.target.substring(0, colon).replace("[", "").replace("]", "");
        return ServerUnderTest.attach(new InetSocketAddress(host, Integer.parseInt(o.target.substring(colon + 1))), o.pid);
    }

    private void report(List<Result> results) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("### ").append(o.label).append("\n\n").append(Result.header()).append('\n');
        for (Result r : results) {
            b.append(r.row()).append('\n');
        }
        b.append('\n');
        for (Result r : results) {
            b.append(r.details());
        }
        log.println();
        log.print(b);
        if (o.out != null) {
            Files.writeString(Path.of(o.out), b.append('\n').toString(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** N clients, each echoing M bytes in round trips of K, all at once. */
    Result load(ServerUnderTest server) throws Exception {
        ClientEngine e = engine(server, o.connectBatch);
        Result r = new Result("load " + o.clients + " x " + size(o.bytes), e.tally);
        r.before = server.sample();
        try (PeakSampler peak = new PeakSampler(server.pid); e) {
            for (int i = 0; i < o.clients; i++) {
                e.add(new Client(i, Client.Mode.PING_PONG, o.bytes, o.message));
            }
            boolean ok = e.run(e::activeDone, deadline(Math.max(120, o.clients * o.bytes / (4 << 20))));
            r.expect(ok, "not every client finished in time");
            r.peak = peak.peak();
        }
        settle(server, r);
        r.expect(e.tally.completed == o.clients, "completed " + e.tally.completed + " of " + o.clients);
        expectIntact(r);
        if (r.before.rssBytes() > 0) {
            r.notes.add(String.format("RSS after / before: %.2f", (double) r.after.rssBytes() / r.before.rssBytes()));
        }
        return r;
    }

    /** R rounds of B connections opened at once, each echoing 64 bytes and closing. */
    Result burst(ServerUnderTest server) throws Exception {
        ClientEngine e = engine(server, o.burstSize);
        Result r = new Result("bursts " + o.bursts + " x " + o.burstSize, e.tally);
        r.before = server.sample();
        try (PeakSampler peak = new PeakSampler(server.pid); e) {
            int id = 0;
            for (int round = 0; round < o.bursts; round++) {
                for (int i = 0; i < o.burstSize; i++) {
                    e.add(new Client(id++, Client.Mode.PING_PONG, 64, 64));
                }
                r.expect(e.run(e::activeDone, deadline(120)), "round " + round + " did not finish in 120 s");
            }
            r.peak = peak.peak();
        }
        settle(server, r);
        r.expect(e.tally.completed == (long) o.bursts * o.burstSize,
                "completed " + e.tally.completed + " of " + (long) o.bursts * o.burstSize);
        expectIntact(r);
        r.notes.add("latency is connect + one 64-byte round trip; a SYN dropped by a full backlog costs 1 s");
        return r;
    }

    /** I idle connections and A busy ones for S seconds; then every idle one must still answer. */
    Result c10k(ServerUnderTest server) throws Exception {
        ClientEngine e = engine(server, o.connectBatch);
        Result r = new Result("c10k " + o.idle + " idle + " + o.active + " active, " + o.c10kSeconds + " s", e.tally);
        r.before = server.sample();
        long minuteRss = -1;
        try (PeakSampler peak = new PeakSampler(server.pid); e) {
            for (int i = 0; i < o.idle; i++) {
                e.add(new Client(i, Client.Mode.IDLE, 0, 0));
            }
            r.expect(e.run(e::allConnected, deadline(300)), "idle connections not all made in 300 s");
            long idleConnected = e.tally.connected;
            r.notes.add(idleConnected + " idle connections made; server with them: " + server.sample().rss() + " MiB, "
                    + server.sample().fds() + " fds");
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(o.c10kSeconds);
            for (int i = 0; i < o.active; i++) {
                e.add(new Client(o.idle + i, Client.Mode.PING_PONG, Client.FOREVER, 512));
            }
            long minute = start + TimeUnit.SECONDS.toNanos(60);
            if (minute < end) {
                e.run(() -> false, minute);
                minuteRss = server.sample().rssBytes();
            }
            e.run(() -> false, end);
            ProcSample atEnd = server.sample();
            e.stop();
            r.expect(e.run(e::activeDone, deadline(60)), "active clients did not stop within 60 s");
            long before = e.tally.completed;
            e.checkIdle();
            r.expect(e.run(e::activeDone, deadline(120)), "idle clients did not all answer within 120 s");
            long alive = e.tally.completed - before;
            r.peak = peak.peak();
            r.expect(alive == o.idle, "idle connections still answering: " + alive + " of " + o.idle);
            r.notes.add("idle connections still answering after " + o.c10kSeconds + " s: " + alive + " of " + o.idle);
            r.notes.add(String.format("round trips: %d (%.0f/s)", e.tally.latency.count(),
                    e.tally.latency.count() / (double) o.c10kSeconds));
            if (minuteRss > 0) {
                r.notes.add(String.format("RSS at 1 min %.1f MiB, at the end %.1f MiB (%.2f)", minuteRss / 1048576.0,
                        atEnd.rssBytes() / 1048576.0, (double) atEnd.rssBytes() / minuteRss));
            }
        }
        settle(server, r);
        r.expect(e.tally.completed == (long) o.idle + o.active, "completed " + e.tally.completed);
        expectIntact(r);
        return r;
    }

    static void expectIntact(Result r) {
        Tally t = r.tally;
        r.expect(t.bytesLost == 0, t.bytesLost + " bytes lost");
        r.expect(t.bytesCorrupt == 0 && t.checksumMismatches == 0,
                t.bytesCorrupt + " corrupt bytes, " + t.checksumMismatches + " checksum mismatches");
        r.expect(t.resets == 0 && t.errors == 0 && t.earlyEofs == 0 && t.connectFailures == 0,
                "resets " + t.resets + ", errors " + t.errors + ", early EOFs " + t.earlyEofs + ", failed connects "
                        + t.connectFailures);
        r.expect(t.unfinished == 0, t.unfinished + " clients unfinished");
    }

    /**
     * Waits for the server's descriptors to fall back to where they were (the closes travel), up to
     * 30 s, then {@code --settle} seconds more, and takes the "after" figures.
     */
    void settle(ServerUnderTest server, Result r) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.before.fds() >= 0 && server.sample().fds() > r.before.fds() && System.nanoTime() < until) {
            // Polling /proc: the server has no way to tell us it closed its sockets.
            Thread.sleep(100);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.settleSeconds));
        r.after = server.sample();
        if (r.before.fds() >= 0) {
            r.expect(r.after.fds() <= r.before.fds(), "server descriptors " + r.before.fds() + " before, "
                    + r.after.fds() + " after");
        }
        r.expect(server.alive(), "the server died: " + server.lastLines());
    }

    static long deadline(long seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes % 1024 == 0 ? (bytes >> 10) + " KiB" : bytes + " B";
    }
}
