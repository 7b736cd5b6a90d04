package io.jevent.bench.soak;

import java.util.List;
import java.util.Locale;

/**
 * The soak runner's settings, with the full run's values as defaults; see {@link Soak} for the
 * command line. Plain fields: set them, then hand the object to {@link Soak#run}.
 */
final class SoakOptions {
    /** A command that starts the server (it must print its port in its first line), or null. */
    String server;
    /** Or a server already running. */
    String target;
    long pid = -1;
    String host = "127.0.0.1";
    /** The descriptor limit a started server gets, and the lowered one of the exhaustion fault. */
    int serverFdLimit = 65_536;
    int lowFdLimit = 256;
    List<String> parts = List.of("load", "burst", "c10k", "faults");

    int clients = 1000;
    long bytes = 1 << 20;
    int message = 4096;
    int bursts = 5;
    int burstSize = 2000;
    int idle = 10_000;
    int active = 1000;
    int c10kSeconds = 600;
    /** Seconds to wait after a part before the "after" figures. */
    int settleSeconds = 5;
    /** Connection attempts in flight at once. */
    int connectBatch = 256;
    /** Fault sizes. */
    int faultClients = 200;
    String out;
    String label = "server";
    /** The server answers lines with their ROT13 (the rot13 examples) instead of echoing. */
    boolean rot13;

    /** The reduced run: a few thousand connections, tens of seconds per part. */
    static SoakOptions quick() {
        SoakOptions o = new SoakOptions();
        o.clients = 300;
        o.bytes = 256 * 1024;
        o.bursts = 3;
        o.burstSize = 1000;
        o.idle = 2000;
        o.active = 200;
        o.c10kSeconds = 15;
        o.settleSeconds = 1;
        o.faultClients = 100;
        return o;
    }

    /** Reads {@code 1048576}, {@code 64k}, {@code 1m}. */
    static long bytes(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k")) {
            unit = 1024;
        } else if (s.endsWith("m")) {
            unit = 1024 * 1024;
        } else if (s.endsWith("g")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit > 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s) * unit;
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a byte count such as 4096, 64k or 1m: " + v);
    }
}
