package io.jevent.bench.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the soak report: what the clients of a part saw, the server's figures before, at the
 * peak of and after the part, notes, and the expectations that failed (none when the part passed).
 */
final class Result {
    final String part;
    final Tally tally;
    ProcSample before = ProcSample.NONE;
    ProcSample peak = ProcSample.NONE;
    ProcSample after = ProcSample.NONE;
    final List<String> notes = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    boolean skipped;

    Result(String part, Tally tally) {
        this.part = part;
        this.tally = tally;
    }

    /** Records a failed expectation unless {@code ok}. */
    void expect(boolean ok, String what) {
        if (!ok) {
            failures.add(what);
        }
    }

    boolean passed() {
        return failures.isEmpty();
    }

    static String header() {
        return "| part | conns | done | resets | errors | early EOF | unfinished | sent MiB | lost B | corrupt B"
                + " | p50 | p99 | max | RSS MiB before / peak / after | threads | fds | result |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|";
    }

    String row() {
        Tally t = tally;
        String result = skipped ? "skipped" : passed() ? "pass" : "FAIL";
        return String.format("| %s | %d | %d | %d | %d | %d | %d | %.1f | %d | %d | %s | %s | %s | %s / %s / %s"
                        + " | %s / %s / %s | %s / %s / %s | %s |",
                part, t.connected, t.completed, t.resets, t.errors, t.earlyEofs, t.unfinished,
                t.bytesSent / 1048576.0, t.bytesLost, t.bytesCorrupt + t.checksumMismatches,
                t.p50(), t.p99(), t.max(),
                before.rss(), peak.rss(), after.rss(),
                n(before.threads()), n(peak.threads()), n(after.threads()),
                n(before.fds()), n(peak.fds()), n(after.fds()), result);
    }

    private static String n(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    /** The notes and failures, one line each, for below the table. */
    String details() {
        StringBuilder b = new StringBuilder();
        for (String n : notes) {
            b.append("- ").append(part).append(": ").append(n).append('\n');
        }
        for (String f : failures) {
            b.append("- ").append(part).append(": FAILED: ").append(f).append('\n');
        }
        if (tally.firstError != null && !skipped) {
            b.append("- ").append(part).append(": first error: ").append(tally.firstError).append('\n');
        }
        return b.toString();
    }
}
