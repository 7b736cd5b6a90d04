package io.jevent.dns.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A resource record as the codec reads and writes it; the public face is
 * {@code io.jevent.dns.DnsRecord}. Only the fields of its type are set.
 */
public final class Rr {
    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int SOA = 6;
    public static final int PTR = 12;
    public static final int MX = 15;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int SRV = 33;
    public static final int OPT = 41;
    public static final int ANY = 255;
    public static final int CLASS_IN = 1;

    public final String name;
    public final int type;
    public final int dnsClass;
    public final long ttl;
    /** A: 4 bytes, AAAA: 16. */
    public final byte[] address;
    /** CNAME, PTR, NS: the name; MX: exchange; SRV: target; SOA: primary server. */
    public final String target;
    /** MX: preference; SRV: priority. */
    public final int priority;
    public final int weight;
    public final int port;
    public final List<byte[]> texts;
    /** SOA: the mailbox. */
    public final String mailbox;
    /** SOA: serial, refresh, retry, expire, minimum. */
    public final long[] soa;
    /** Any other type (and OPT): the data as it was. */
    public final byte[] raw;

    public Rr(String name, int type, int dnsClass, long ttl, byte[] address, String target, int priority, int weight,
            int port, List<byte[]> texts, String mailbox, long[] soa, byte[] raw) {
        if (type < 0 || type > 0xFFFF || dnsClass < 0 || dnsClass > 0xFFFF) {
            throw new IllegalArgumentException("type and class are 16-bit: type " + type + ", class " + dnsClass);
        }
        if (ttl < 0 || ttl > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ttl is 0 to 2^32-1 seconds: " + ttl);
        }
        this.name = name;
        this.type = type;
        this.dnsClass = dnsClass;
        this.ttl = ttl;
        this.address = address;
        this.target = target;
        this.priority = priority;
        this.weight = weight;
        this.port = port;
        this.texts = texts;
        this.mailbox = mailbox;
        this.soa = soa;
        this.raw = raw;
    }

    /** A record of another type with raw data; also what OPT is. */
    public static Rr raw(String name, int type, int dnsClass, long ttl, byte[] data) {
        return new Rr(name, type, dnsClass, ttl, null, null, 0, 0, 0, null, null, null, data);
    }

    /** The address of an A or AAAA record, or null. */
    public InetAddress inetAddress() {
        try {
            return address == null ? null : InetAddress.getByAddress(address);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    public static String typeName(int type) {
        switch (type) {
            case A: return "A";
            case NS: return "NS";
            case CNAME: return "CNAME";
            case SOA: return "SOA";
            case PTR: return "PTR";
            case MX: return "MX";
            case TXT: return "TXT";
            case AAAA: return "AAAA";
            case SRV: return "SRV";
            case OPT: return "OPT";
            case ANY: return "ANY";
            default: return "TYPE" + type;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Rr)) {
            return false;
        }
        Rr r = (Rr) o;
        return Names.equal(name, r.name) && type == r.type && dnsClass == r.dnsClass && ttl == r.ttl
                && Arrays.equals(address, r.address) && Objects.equals(target == null ? null : Names.lower(target),
                        r.target == null ? null : Names.lower(r.target))
                && priority == r.priority && weight == r.weight && port == r.port && textsEqual(texts, r.texts)
                && (mailbox == null ? r.mailbox == null : r.mailbox != null && Names.equal(mailbox, r.mailbox)) && Arrays.equals(soa, r.soa) && Arrays.equals(raw, r.raw);
    }

    private static boolean textsEqual(List<byte[]> a, List<byte[]> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Names.lower(name), type, ttl);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name.isEmpty() ? "." : name).append(' ').append(ttl).append(' ')
                .append(typeName(type)).append(' ');
        switch (type) {
            case A:
            case AAAA:
                b.append(inetAddress().getHostAddress());
                break;
            case MX:
                b.append(priority).append(' ').append(target);
                break;
            case SRV:
                b.append(priority).append(' ').append(weight).append(' ').append(port).append(' ').append(target);
                break;
            case TXT:
                for (byte[] t : texts) {
                    b.append('"').append(new String(t, StandardCharsets.UTF_8)).append("\" ");
                }
                b.setLength(b.length() - 1);
                break;
            case SOA:
                b.append(target).append(' ').append(mailbox);
                for (long n : soa) {
                    b.append(' ').append(n);
                }
                break;
            default:
                if (target != null) {
                    b.append(target);
                } else {
                    b.append("\\# ").append(raw == null ? 0 : raw.length);
                }
        }
        return b.toString();
    }
}
