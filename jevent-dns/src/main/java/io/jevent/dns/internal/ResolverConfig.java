package io.jevent.dns.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The resolver's settings, with libevent's defaults, and the two ways libevent fills them:
 * {@code resolv.conf} lines ({@code evdns_base_resolv_conf_parse}) and option strings
 * ({@code evdns_base_set_option}). Mutated on the loop thread only.
 */
public final class ResolverConfig {
    public final List<InetSocketAddress> nameservers = new ArrayList<>();
    public final List<String> search = new ArrayList<>();
    public int ndots = 1;
    public long timeoutNanos = 5_000_000_000L;
    /** Transmissions per nameserver pick: libevent's "attempts", its max_retransmits. */
    public int attempts = 3;
    /** Timeouts in a row after which a nameserver is taken as down: "max-timeouts". */
    public int maxTimeouts = 3;
    /** Times an answer of SERVFAIL, REFUSED or NOTIMPL sends the request to another server. */
    public int maxReissues = 1;
    public long initialProbeNanos = 10_000_000_000L;
    public long maxProbeNanos = 3_600_000_000_000L;
    public boolean rotate;
    public boolean randomizeCase = true;
    /** 0: no EDNS0; otherwise the UDP payload size advertised. */
    public int ednsUdpSize;
    /** Beyond libevent: entries of the answer cache, 0 for none. */
    public int cacheSize;
    /** Longest time a cached answer is kept, whatever its TTL. */
    public long cacheMaxTtl = 86_400;
    /** The maximum number of requests in flight; more wait in order ("max-inflight"). */
    public int maxInflight = 64;

    /** Reads {@code resolv.conf}; a missing file leaves 127.0.0.1 as the nameserver, as libevent does. */
    public void readResolvConf(Path file) throws IOException {
        if (!Files.exists(file)) {
            nameservers.add(new InetSocketAddress("127.0.0.1", 53));
            return;
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        for (String raw : text.split("\n")) {
            resolvConfLine(raw);
        }
    }

    /** One line of resolv.conf; unknown keywords and options are ignored, as libc and libevent do. */
    public void resolvConfLine(String raw) {
        int hash = indexOfComment(raw);
        String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
        if (line.isEmpty()) {
            return;
        }
        String[] words = line.split("[ \t]+");
        switch (words[0]) {
            case "nameserver":
                if (words.length > 1) {
                    try {
                        InetSocketAddress a = io.jevent.dns.Addresses.parseSockaddrPort(words[1]);
                        nameservers.add(a.getPort() == 0 ? new InetSocketAddress(a.getAddress(), 53) : a);
                    } catch (IllegalArgumentException ignored) {
                        // libevent skips a nameserver line it cannot parse.
                    }
                }
                break;
            case "domain":
                search.clear();
                if (words.length > 1) {
                    search.add(Names.strip(words[1]));
                }
                break;
            case "search":
                search.clear();
                for (int i = 1; i < words.length; i++) {
                    search.add(Names.strip(words[i]));
                }
                break;
            case "options":
                for (int i = 1; i < words.length; i++) {
                    int colon = words[i].indexOf(':');
                    String name = colon < 0 ? words[i] : words[i].substring(0, colon);
                    String value = colon < 0 ? "" : words[i].substring(colon + 1);
                    try {
                        resolvConfOption(name, value);
                    } catch (IllegalArgumentException ignored) {
                        // A bad option in a system file must not stop the program.
                    }
                }
                break;
            default:
                break;
        }
    }

    private static int indexOfComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' || line.charAt(i) == ';') {
                return i;
            }
        }
        return -1;
    }

    private void resolvConfOption(String name, String value) {
        switch (name) {
            case "rotate":
                rotate = true;
                break;
            case "edns0":
                ednsUdpSize = 1232;
                break;
            case "ndots":
            case "timeout":
            case "attempts":
                set(name + ":", value);
                break;
            default:
                break;
        }
    }

    /**
     * {@code evdns_base_set_option}: the name with or without its trailing colon, such as
     * "ndots:" or "timeout", and the value as text.
     *
     * @throws IllegalArgumentException naming the option and the values it takes
     */
    public void set(String option, String value) {
        String name = option.endsWith(":") ? option.substring(0, option.length() - 1) : option;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "ndots":
                ndots = integer(name, value, 0, 15);
                break;
            case "timeout":
                timeoutNanos = seconds(name, value);
                break;
            case "attempts":
                attempts = integer(name, value, 1, 255);
                break;
            case "max-timeouts":
                maxTimeouts = integer(name, value, 1, 255);
                break;
            case "max-reissues":
                maxReissues = integer(name, value, 0, 255);
                break;
            case "max-inflight":
                maxInflight = integer(name, value, 1, 65535);
                break;
            case "initial-probe-timeout":
                initialProbeNanos = seconds(name, value);
                break;
            case "max-probe-timeout":
                maxProbeNanos = seconds(name, value);
                break;
            case "randomize-case":
                randomizeCase = integer(name, value, 0, 1) == 1;
                break;
            case "rotate":
                rotate = value.isEmpty() || integer(name, value, 0, 1) == 1;
                break;
            case "edns-udp-size":
            case "edns0":
                int size = integer(name, value.isEmpty() ? "1232" : value, 0, 65535);
                ednsUdpSize = size == 0 ? 0 : Math.max(512, size);
                break;
            case "cache-size":
                cacheSize = integer(name, value, 0, 1 << 20);
                break;
            case "cache-max-ttl":
                cacheMaxTtl = integer(name, value, 0, Integer.MAX_VALUE);
                break;
            default:
                throw new IllegalArgumentException("unknown resolver option '" + option + "'; known: ndots, timeout,"
                        + " attempts, max-timeouts, max-reissues, max-inflight, initial-probe-timeout,"
                        + " max-probe-timeout, randomize-case, rotate, edns-udp-size, cache-size, cache-max-ttl");
        }
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " takes an integer from " + min + " to " + max
                    + ", not '" + value + "'");
        }
    }

    /** Seconds as libevent reads them, with a fraction allowed ("2.5"). */
    private static long seconds(String name, String value) {
        try {
            double s = Double.parseDouble(value.trim());
            if (!(s > 0) || s > 3600 * 24) {
                throw new NumberFormatException();
            }
            return (long) (s * 1e9);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " takes a positive number of seconds, not '"
                    + value + "'");
        }
    }
}
