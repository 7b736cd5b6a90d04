package io.jevent.bench.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fault part: clients that reset mid-write, half-close, get killed or never read; the server
 * under a lowered descriptor limit; and SIGTERM under load. After each fault a probe of fresh
 * clients must be served, and the server's descriptors must come back down.
 */
final class Faults {
    private static final int PROBE = 50;

    private final SoakOptions o;
    private final PrintStream log;
    private final Soak soak;

    Faults(SoakOptions o, PrintStream log, Soak soak) {
        this.o = o;
        this.log = log;
        this.soak = soak;
    }

    List<Result> run(ServerUnderTest server) throws Exception {
        List<Result> results = new ArrayList<>();
        results.add(resetMidWrite(server));
        log.println(results.get(results.size() - 1).row());
        results.add(halfClose(server));
        log.println(results.get(results.size() - 1).row());
        results.add(killedClients(server));
        log.println(results.get(results.size() - 1).row());
        results.add(nonReader(server));
        log.println(results.get(results.size() - 1).row());
        results.add(fdExhaustion());
        log.println(results.get(results.size() - 1).row());
        results.add(sigterm());
        return results;
    }

    /** Fresh clients that must all be served: run after each fault. */
    private void probe(ServerUnderTest server, Result r) throws IOException {
        try (ClientEngine p = soak.engine(server, PROBE)) {
            for (int i = 0; i < PROBE; i++) {
                p.add(new Client(100_000 + i, Client.Mode.PING_PONG, 64 * 1024, 4096));
            }
            p.run(p::activeDone, Soak.deadline(60));
            p.close();
            Tally t = p.tally;
            r.expect(t.completed == PROBE && t.bytesLost == 0 && t.bytesCorrupt == 0 && t.checksumMismatches == 0,
                    "probe after the fault: " + t.completed + " of " + PROBE + " served, " + t.firstError);
            r.notes.add("probe after the fault: " + t.completed + " of " + PROBE + " fresh clients served");
        }
    }

    Result resetMidWrite(ServerUnderTest server) throws Exception {
        ClientEngine e = soak.engine(server, o.connectBatch);
        Result r = new Result("fault: RST mid-write (" + o.faultClients + ")", e.tally);
        r.before = server.sample();
        try (PeakSampler peak = new PeakSampler(server.pid); e) {
            for (int i = 0; i < o.faultClients; i++) {
                e.add(new Client(i, Client.Mode.RESET_MID_WRITE, 1 << 20, 0));
            }
            r.expect(e.run(e::activeDone, Soak.deadline(120)), "not every client reset in time");
            r.peak = peak.peak();
        }
        soak.settle(server, r);
        probe(server, r);
        return r;
    }

    Result halfClose(ServerUnderTest server) throws Exception {
        ClientEngine e = soak.engine(server, o.connectBatch);
        Result r = new Result("fault: half-close (" + o.faultClients + ")", e.tally);
        r.before = server.sample();
        try (PeakSampler peak = new PeakSampler(server.pid); e) {
            for (int i = 0; i < o.faultClients; i++) {
                e.add(new Client(i, Client.Mode.HALF_CLOSE, 256 * 1024, 0));
            }
            r.expect(e.run(e::activeDone, Soak.deadline(120)), "not every half-closed client finished in time");
            r.peak = peak.peak();
        }
        soak.settle(server, r);
        r.expect(e.tally.completed == o.faultClients, "all echoed, then EOF: " + e.tally.completed + " of "
                + o.faultClients);
        Soak.expectIntact(r);
        r.notes.add("each client shuts its output after 256 KiB and must get all of it back, then EOF");
        return r;
    }

    Result killedClients(ServerUnderTest server) throws Exception {
        Result r = new Result("fault: client processes killed (2 x " + o.faultClients / 2 + ")", new Tally());
        r.before = server.sample();
        List<Process> children = new ArrayList<>();
        try (PeakSampler peak = new PeakSampler(server.pid)) {
            for (int k = 0; k < 2; k++) {
                children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m", "-cp", System.getProperty("java.class.path"), Soak.class.getName(), "--child",
                        server.address.getHostString() + ":" + server.address.getPort(),
                        Integer.toString(o.faultClients / 2))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (Process p : children) {
                String line = firstLine(p, 120);
                r.notes.add("child " + p.pid() + ": " + line);
                r.tally.connected += line != null && line.startsWith("connected ")
                        ? Long.parseLong(line.substring(10).trim()) : 0;
            }
            r.peak = peak.peak();
            for (Process p : children) {
                p.destroyForcibly();
            }
            for (Process p : children) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
            r.peak = r.peak.max(peak.peak());
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        soak.settle(server, r);
        probe(server, r);
        r.notes.add("SIGKILL while every connection was mid-echo; the kernel resets or closes them");
        return r;
    }

    private static String firstLine(Process p, int seconds) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(seconds, TimeUnit.SECONDS);
    }

    Result nonReader(ServerUnderTest server) throws Exception {
        ClientEngine e = soak.engine(server, o.connectBatch);
        int readers = o.faultClients;
        Result r = new Result("fault: 10 clients never read, " + readers + " do", e.tally);
        r.before = server.sample();
        long pushed;
        try (PeakSampler peak = new PeakSampler(server.pid); e) {
            for (int i = 0; i < 10; i++) {
                e.add(new Client(i, Client.Mode.NO_READ, Client.FOREVER, 0));
            }
            e.run(e::allConnected, Soak.deadline(60));
            // Let the non-readers fill every buffer between them and the server first.
            e.run(() -> false, Soak.deadline(3));
            for (int i = 0; i < readers; i++) {
                e.add(new Client(10 + i, Client.Mode.PING_PONG, 256 * 1024, 4096));
            }
            r.expect(e.run(e::activeDone, Soak.deadline(120)), "readers did not finish beside the non-readers");
            pushed = e.clients().stream().filter(c -> c.mode == Client.Mode.NO_READ).mapToLong(c -> c.sent).sum();
            r.peak = peak.peak();
        }
        soak.settle(server, r);
        r.expect(e.tally.completed == readers, "readers served: " + e.tally.completed + " of " + readers);
        Soak.expectIntact(r);
        r.notes.add(String.format("the non-readers got %.1f MiB into the server before it stopped reading them",
                pushed / 1048576.0));
        if (r.before.rssBytes() > 0) {
            r.notes.add(String.format("server RSS grew by %.1f MiB at the peak",
                    (r.peak.rssBytes() - r.before.rssBytes()) / 1048576.0));
        }
        return r;
    }

    Result fdExhaustion() throws Exception {
        int n = Math.max(600, o.lowFdLimit * 3);
        Tally tally = new Tally();
        Result r = new Result("fault: " + n + " clients, server under ulimit -n " + o.lowFdLimit, tally);
        if (o.server == null) {
            r.skipped = true;
            r.notes.add("needs --server: the runner starts a second server under the lowered limit");
            return r;
        }
        try (ServerUnderTest low = ServerUnderTest.launch(o.server, o.lowFdLimit, o.host)) {
            r.before = low.sample();
            long start = System.nanoTime();
            try (PeakSampler peak = new PeakSampler(low.pid); ClientEngine e = soak.engine(low, n)) {
                for (int i = 0; i < n; i++) {
                    e.add(new Client(i, Client.Mode.PING_PONG, 16 * 1024, 4096));
                }
                r.expect(e.run(e::activeDone, Soak.deadline(180)), "not every client was served within 180 s");
                e.close();
                tally.add(e.tally);
                r.peak = peak.peak();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            soak.settle(low, r);
            r.notes.add(String.format("server CPU %.1f s in %.1f s of wall time (a server that spins on EMFILE burns"
                    + " all of it)", (r.after.cpuMillis() - r.before.cpuMillis()) / 1000.0, wall));
            r.expect(tally.completed == n, "served " + tally.completed + " of " + n);
            Soak.expectIntact(r);
            probe(low, r);
        }
        return r;
    }

    Result sigterm() throws Exception {
        Tally tally = new Tally();
        int n = o.faultClients;
        Result r = new Result("fault: SIGTERM under load (" + n + ")", tally);
        if (o.server == null) {
            r.skipped = true;
            r.notes.add("needs --server: the runner starts a second server to stop");
            return r;
        }
        try (ServerUnderTest victim = ServerUnderTest.launch(o.server, o.serverFdLimit, o.host)) {
            r.before = victim.sample();
            try (ClientEngine e = soak.engine(victim, o.connectBatch)) {
                for (int i = 0; i < n; i++) {
                    e.add(new Client(i, Client.Mode.PING_PONG, Client.FOREVER, 16 * 1024));
                }
                e.run(e::allConnected, Soak.deadline(60));
                e.run(() -> false, Soak.deadline(3));
                r.peak = victim.sample();
                long t0 = System.nanoTime();
                CompletableFuture<Process> exit = victim.terminate();
                e.run(e::activeDone, Soak.deadline(30));
                Process p = exit.get(30, TimeUnit.SECONDS);
                double took = (System.nanoTime() - t0) / 1e9;
                e.close();
                tally.add(e.tally);
                r.expect(p.exitValue() == 0, "exit code " + p.exitValue());
                List<String> last = victim.lastLines();
                r.notes.add(String.format("exit code %d, %.2f s after SIGTERM; last lines: %s", p.exitValue(), took,
                        last.isEmpty() ? "-" : String.join(" / ", last.subList(Math.max(0, last.size() - 2), last.size()))));
                r.expect(tally.unfinished == 0, tally.unfinished + " clients never saw their connection end");
                r.expect(tally.bytesCorrupt == 0 && tally.checksumMismatches == 0, "corrupt bytes");
                // A reset can destroy echoed bytes still on their way to the client: only a server
                // that sends everything it read and then ends each connection with FIN passes.
                r.expect(tally.resets == 0, tally.resets + " connections were reset: bytes the server had read may"
                        + " never have reached their client");
                r.notes.add("bytes sent but never echoed: " + tally.bytesLost + " (sent after the server stopped"
                        + " reading, or lost in a reset)");
            }
        }
        return r;
    }
}
