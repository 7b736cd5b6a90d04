package io.jevent.bench.soak;

import io.jevent.bench.echo.LatencyHistogram;

/**
 * What the clients of one part saw: connections, how they ended, bytes sent and echoed back,
 * corrupted bytes, and round-trip latency. Written by the client loop's thread only; read once the
 * part has ended.
 */
final class Tally {
    long connected;
    long connectFailures;
    /** Connections that completed their work and closed cleanly. */
    long completed;
    /** Connections reset by the server (ECONNRESET, EPIPE). */
    long resets;
    /** Other I/O errors on a connected socket. */
    long errors;
    /** The server closed the connection (EOF) before the client was done. */
    long earlyEofs;
    /** Connections still open and not done when the part's time ran out. */
    long unfinished;
    long bytesSent;
    long bytesEchoed;
    /** Bytes sent on connections that ended (cleanly or not) without them coming back. */
    long bytesLost;
    /** Echoed bytes that differ from what was sent at that offset. */
    long bytesCorrupt;
    /** Clients whose checksum of echoed bytes differs from that of their sent bytes. */
    long checksumMismatches;
    final LatencyHistogram latency = new LatencyHistogram();
    long maxLatencyNanos;
    /** The first error seen, for the report. */
    String firstError;

    /** Adds another tally's counts to this one: several engines, one row. */
    void add(Tally o) {
        connected += o.connected;
        connectFailures += o.connectFailures;
        completed += o.completed;
        resets += o.resets;
        errors += o.errors;
        earlyEofs += o.earlyEofs;
        unfinished += o.unfinished;
        bytesSent += o.bytesSent;
        bytesEchoed += o.bytesEchoed;
        bytesLost += o.bytesLost;
        bytesCorrupt += o.bytesCorrupt;
        checksumMismatches += o.checksumMismatches;
        latency.add(o.latency);
        maxLatencyNanos = Math.max(maxLatencyNanos, o.maxLatencyNanos);
        if (firstError == null) {
            firstError = o.firstError;
        }
    }

    void latency(long nanos) {
        latency.record(nanos);
        if (nanos > maxLatencyNanos) {
            maxLatencyNanos = nanos;
        }
    }

    void error(String what) {
        if (firstError == null) {
            firstError = what;
        }
    }

    static String micros(long nanos) {
        if (nanos >= 10_000_000) {
            return (nanos / 1_000_000) + " ms";
        }
        return (nanos / 1000) + " µs";
    }

    String p50() {
        return latency.count() == 0 ? "-" : micros(Math.min(maxLatencyNanos, latency.percentile(0.50)));
    }

    String p99() {
        return latency.count() == 0 ? "-" : micros(Math.min(maxLatencyNanos, latency.percentile(0.99)));
    }

    String max() {
        return latency.count() == 0 ? "-" : micros(maxLatencyNanos);
    }
}
