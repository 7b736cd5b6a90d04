package io.jevent.dns.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code /etc/hosts} file as {@code evdns_base_load_hosts} reads it: an address, then names;
 * '#' starts a comment; lines whose address does not parse are skipped. Names compare ignoring
 * ASCII case.
 */
public final class HostsFile {
    private final Map<String, List<InetAddress>> byName = new HashMap<>();

    /** Reads {@code file}; a missing file is an empty one. */
    public void load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String raw : Files.readString(file, StandardCharsets.ISO_8859_1).split("\n")) {
            line(raw);
        }
    }

    public void line(String raw) {
        int hash = raw.indexOf('#');
        String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
        if (line.isEmpty()) {
            return;
        }
        String[] words = line.split("[ \t]+");
        InetAddress address;
        try {
            address = io.jevent.dns.Addresses.parseSockaddrPort(words[0]).getAddress();
        } catch (IllegalArgumentException e) {
            return;
        }
        for (int i = 1; i < words.length; i++) {
            byName.computeIfAbsent(Names.lower(Names.strip(words[i])), k -> new ArrayList<>()).add(address);
        }
    }

    public void clear() {
        byName.clear();
    }

    /** The addresses listed for {@code name}, in file order; empty when it is not listed. */
    public List<InetAddress> lookup(String name) {
        return byName.getOrDefault(Names.lower(Names.strip(name)), List.of());
    }
}
