package io.jevent.examples;

import io.jevent.dns.Addresses;
import io.jevent.dns.DnsQuestion;
import io.jevent.dns.DnsRecord;
import io.jevent.dns.DnsServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small zone for {@code dns-server}: records read from a master-file subset (one record a line,
 * "NAME [TTL] [IN] TYPE DATA", ';' comments, {@code $ORIGIN} and {@code $TTL}, '@' for the
 * origin), and the answers to questions about them: the records of the type asked (all for ANY),
 * a CNAME followed within the zone, NODATA or NXDOMAIN with the zone's SOA.
 */
final class DnsZone {
    /** The zone {@code dns-server} serves without {@code --zone}. */
    static final String EXAMPLE = """
            $ORIGIN example.test.
            $TTL 300
            @        IN SOA   ns.example.test. admin.example.test. 1 3600 600 86400 60
            @        IN MX    10 mail.example.test.
            @        IN TXT   "v=spf1 -all"
            www      IN A     192.0.2.10
            www      IN AAAA  2001:db8::10
            mail     IN A     192.0.2.25
            ftp      IN CNAME www.example.test.
            _http._tcp IN SRV 10 5 80 www.example.test.
            10.2.0.192.in-addr.arpa. IN PTR www.example.test.
            """;

    private final Map<String, List<DnsRecord>> byName = new LinkedHashMap<>();
    private DnsRecord soa;

    static DnsZone parse(String text) {
        DnsZone z = new DnsZone();
        String origin = "";
        long ttl = 3600;
        String last = null;
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = stripComment(raw);
            if (line.isBlank()) {
                continue;
            }
            List<String> w = words(line);
            try {
                if (w.get(0).equalsIgnoreCase("$ORIGIN")) {
                    origin = w.get(1).endsWith(".") ? w.get(1).substring(0, w.get(1).length() - 1) : w.get(1);
                    continue;
                }
                if (w.get(0).equalsIgnoreCase("$TTL")) {
                    ttl = Long.parseLong(w.get(1));
                    continue;
                }
                int i = 0;
                String name;
                if (Character.isWhitespace(raw.charAt(0))) {
                    name = last;
                } else {
                    name = absolute(w.get(i++), origin);
                }
                long recordTtl = ttl;
                if (w.get(i).matches("\\d+")) {
                    recordTtl = Long.parseLong(w.get(i++));
                }
                if (w.get(i).equalsIgnoreCase("IN")) {
                    i++;
                }
                String type = w.get(i++).toUpperCase(Locale.ROOT);
                List<String> d = w.subList(i, w.size());
                z.add(record(name, recordTtl, type, d, origin));
                last = name;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("zone line " + lineNo + ": " + raw.trim() + ": " + e.getMessage(), e);
            }
        }
        return z;
    }

    static DnsZone read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static DnsRecord record(String name, long ttl, String type, List<String> d, String origin) {
        switch (type) {
            case "A":
            case "AAAA":
                // A literal only: parsing a zone must never look a name up.
                return DnsRecord.address(name, ttl, Addresses.parseSockaddrPort(d.get(0)).getAddress());
            case "CNAME":
                return DnsRecord.cname(name, ttl, absolute(d.get(0), origin));
            case "PTR":
                return DnsRecord.ptr(name, ttl, absolute(d.get(0), origin));
            case "NS":
                return DnsRecord.ns(name, ttl, absolute(d.get(0), origin));
            case "MX":
                return DnsRecord.mx(name, ttl, Integer.parseInt(d.get(0)), absolute(d.get(1), origin));
            case "TXT":
                return DnsRecord.txt(name, ttl, d.toArray(new String[0]));
            case "SRV":
                return DnsRecord.srv(name, ttl, Integer.parseInt(d.get(0)), Integer.parseInt(d.get(1)),
                        Integer.parseInt(d.get(2)), absolute(d.get(3), origin));
            case "SOA":
                return DnsRecord.soa(name, ttl, absolute(d.get(0), origin), absolute(d.get(1), origin),
                        Long.parseLong(d.get(2)), Long.parseLong(d.get(3)), Long.parseLong(d.get(4)),
                        Long.parseLong(d.get(5)), Long.parseLong(d.get(6)));
            default:
                throw new IllegalArgumentException("record type " + type + " is not one this example serves");
        }
    }

    private void add(DnsRecord r) {
        byName.computeIfAbsent(r.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r);
        if (r.type() == DnsRecord.SOA && soa == null) {
            soa = r;
        }
    }

    /** The names the zone holds, in file order. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (List<DnsRecord> rs : byName.values()) {
            out.add(rs.get(0).name());
        }
        return out;
    }

    int size() {
        int n = 0;
        for (List<DnsRecord> rs : byName.values()) {
            n += rs.size();
        }
        return n;
    }

    /** Answers one request from the zone. */
    void answer(DnsServerRequest req) {
        int rcode = DnsServerRequest.NOERROR;
        for (DnsQuestion q : req.questions()) {
            String name = q.name().toLowerCase(Locale.ROOT);
            boolean found = false;
            for (int hops = 0; hops < 8; hops++) {
                List<DnsRecord> rs = byName.get(name);
                if (rs == null) {
                    break;
                }
                found = true;
                String alias = null;
                for (DnsRecord r : rs) {
                    if (r.type() == q.type() || q.type() == DnsRecord.ANY) {
                        req.addAnswer(r);
                    } else if (r.type() == DnsRecord.CNAME) {
                        req.addAnswer(r);
                        alias = r.target().toLowerCase(Locale.ROOT);
                    }
                }
                if (alias == null) {
                    break;
                }
                name = alias;
            }
            if (!found) {
                rcode = DnsServerRequest.NXDOMAIN;
            }
        }
        if (soa != null && rcode == DnsServerRequest.NXDOMAIN) {
            req.addAuthority(soa);
        }
        req.respond(rcode);
    }

    private static String absolute(String name, String origin) {
        if (name.equals("@")) {
            return origin;
        }
        if (name.endsWith(".")) {
            return name.substring(0, name.length() - 1);
        }
        return origin.isEmpty() ? name : name + "." + origin;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Words separated by white space; a "quoted string" is one word, without its quotes. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a quote is not closed");
                }
                out.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                out.add(line.substring(i, end));
                i = end;
            }
        }
        return out;
    }
}
