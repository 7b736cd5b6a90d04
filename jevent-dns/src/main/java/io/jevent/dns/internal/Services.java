package io.jevent.dns.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Service names to ports, as {@code getservbyname} finds them in {@code /etc/services}, with the
 * common ones built in for systems without the file. Read once.
 */
public final class Services {
    private static final Map<String, Integer> TCP = new HashMap<>();
    private static final Map<String, Integer> UDP = new HashMap<>();

    static {
        for (String[] s : new String[][] {{"ftp", "21"}, {"ssh", "22"}, {"telnet", "23"}, {"smtp", "25"},
                {"domain", "53"}, {"http", "80"}, {"pop3", "110"}, {"imap", "143"}, {"https", "443"},
                {"submission", "587"}, {"imaps", "993"}, {"pop3s", "995"}}) {
            TCP.put(s[0], Integer.parseInt(s[1]));
            UDP.put(s[0], Integer.parseInt(s[1]));
        }
        try {
            Path file = Path.of("/etc/services");
            if (Files.isReadable(file)) {
                for (String raw : Files.readString(file, StandardCharsets.ISO_8859_1).split("\n")) {
                    int hash = raw.indexOf('#');
                    String[] w = (hash >= 0 ? raw.substring(0, hash) : raw).trim().split("[ \t]+");
                    int slash = w.length >= 2 ? w[1].indexOf('/') : -1;
                    if (slash < 0) {
                        continue;
                    }
                    int port = Integer.parseInt(w[1].substring(0, slash));
                    Map<String, Integer> map = w[1].endsWith("/udp") ? UDP : TCP;
                    for (int i = 0; i < w.length; i++) {
                        if (i != 1) {
                            map.putIfAbsent(w[i].toLowerCase(Locale.ROOT), port);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // The built-in names remain.
        }
    }

    private Services() {
    }

    /** The port of {@code name} for TCP (or UDP when {@code udp}), or -1 when unknown. */
    public static int port(String name, boolean udp) {
        Integer p = (udp ? UDP : TCP).get(name.toLowerCase(Locale.ROOT));
        return p == null ? -1 : p;
    }
}
