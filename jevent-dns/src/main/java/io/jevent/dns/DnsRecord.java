package io.jevent.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import io.jevent.dns.internal.Names;
import io.jevent.dns.internal.Rr;

/**
 * One DNS resource record: what a {@link DnsServer} callback answers with (libevent's
 * {@code evdns_server_request_add_reply} and its {@code _add_a_reply}, {@code _add_aaaa_reply},
 * {@code _add_ptr_reply}, {@code _add_cname_reply} helpers) and what the resolver reads.
 *
 * <p>Names are dotted text without escapes, as libevent keeps them: a label is 1 to 63 bytes of
 * ISO-8859-1, the whole name at most 255 bytes on the wire; give internationalised names through
 * {@link java.net.IDN#toASCII(String)} first. A trailing dot is optional.
 *
 * <p>Records are immutable values; share them between threads freely.
 */
public final class DnsRecord {
    /** Type A, an IPv4 address ({@code EVDNS_TYPE_A}). */
    public static final int A = Rr.A;
    /** Type NS, a name server. */
    public static final int NS = Rr.NS;
    /** Type CNAME, the canonical name ({@code EVDNS_TYPE_CNAME}). */
    public static final int CNAME = Rr.CNAME;
    /** Type SOA, the start of authority ({@code EVDNS_TYPE_SOA}). */
    public static final int SOA = Rr.SOA;
    /** Type PTR, a pointer, used for reverse lookups ({@code EVDNS_TYPE_PTR}). */
    public static final int PTR = Rr.PTR;
    /** Type MX, a mail exchanger ({@code EVDNS_TYPE_MX}). */
    public static final int MX = Rr.MX;
    /** Type TXT, text strings ({@code EVDNS_TYPE_TXT}). */
    public static final int TXT = Rr.TXT;
    /** Type AAAA, an IPv6 address ({@code EVDNS_TYPE_AAAA}). */
    public static final int AAAA = Rr.AAAA;
    /** Type SRV, a service location. */
    public static final int SRV = Rr.SRV;
    /** Type OPT, the EDNS0 pseudo-record. */
    public static final int OPT = Rr.OPT;
    /** Type ANY in a question ({@code EVDNS_QTYPE_ALL}). */
    public static final int ANY = Rr.ANY;
    /** Class IN, the Internet ({@code EVDNS_CLASS_INET}). */
    public static final int CLASS_IN = Rr.CLASS_IN;

    private final Rr rr;

    DnsRecord(Rr rr) {
        this.rr = rr;
    }

    private DnsRecord(String name, int type, int dnsClass, long ttl, byte[] address, String target, int priority,
            int weight, int port, List<byte[]> texts, String soaMailbox, long[] soaNumbers, byte[] rawData) {
        this(new Rr(Names.check(name), type, dnsClass, ttl, address, target == null ? null : Names.check(target),
                priority, weight, port, texts, soaMailbox == null ? null : Names.check(soaMailbox), soaNumbers,
                rawData));
    }

    /** The codec's form of this record. */
    Rr rr() {
        return rr;
    }

    /**
     * An A record.
     *
     * @param name    the owner name
     * @param ttl     seconds the answer may be cached
     * @param address an IPv4 address
     * @return the record
     */
    public static DnsRecord a(String name, long ttl, Inet4Address address) {
        return new DnsRecord(name, A, CLASS_IN, ttl, address.getAddress(), null, 0, 0, 0, null, null, null, null);
    }

    /**
     * An AAAA record.
     *
     * @param name    the owner name
     * @param ttl     seconds the answer may be cached
     * @param address an IPv6 address
     * @return the record
     */
    public static DnsRecord aaaa(String name, long ttl, Inet6Address address) {
        return new DnsRecord(name, AAAA, CLASS_IN, ttl, address.getAddress(), null, 0, 0, 0, null, null, null, null);
    }

    /**
     * An A or AAAA record, whichever fits the address.
     *
     * @param name    the owner name
     * @param ttl     seconds the answer may be cached
     * @param address the address
     * @return the record
     */
    public static DnsRecord address(String name, long ttl, InetAddress address) {
        return address instanceof Inet4Address ? a(name, ttl, (Inet4Address) address)
                : aaaa(name, ttl, (Inet6Address) address);
    }

    /**
     * A CNAME record: {@code name} is an alias of {@code canonical}.
     *
     * @param name      the alias
     * @param ttl       seconds the answer may be cached
     * @param canonical the canonical name
     * @return the record
     */
    public static DnsRecord cname(String name, long ttl, String canonical) {
        return named(name, CNAME, ttl, canonical);
    }

    /**
     * A PTR record, as reverse lookups answer: "4.3.2.1.in-addr.arpa" points to a host name.
     *
     * @param name   the owner name, such as "4.3.2.1.in-addr.arpa"
     * @param ttl    seconds the answer may be cached
     * @param target the name it points to
     * @return the record
     */
    public static DnsRecord ptr(String name, long ttl, String target) {
        return named(name, PTR, ttl, target);
    }

    /**
     * An NS record.
     *
     * @param name   the zone
     * @param ttl    seconds the answer may be cached
     * @param server the name server's name
     * @return the record
     */
    public static DnsRecord ns(String name, long ttl, String server) {
        return named(name, NS, ttl, server);
    }

    private static DnsRecord named(String name, int type, long ttl, String target) {
        return new DnsRecord(name, type, CLASS_IN, ttl, null, Objects.requireNonNull(target, "target"), 0, 0, 0,
                null, null, null, null);
    }

    /**
     * An MX record.
     *
     * @param name       the mail domain
     * @param ttl        seconds the answer may be cached
     * @param preference lower is preferred, 0 to 65535
     * @param exchange   the mail server's name
     * @return the record
     */
    public static DnsRecord mx(String name, long ttl, int preference, String exchange) {
        check16("preference", preference);
        return new DnsRecord(name, MX, CLASS_IN, ttl, null, Objects.requireNonNull(exchange, "exchange"), preference,
                0, 0, null, null, null, null);
    }

    /**
     * A TXT record of one or more strings, each at most 255 bytes once encoded as UTF-8.
     *
     * @param name    the owner name
     * @param ttl     seconds the answer may be cached
     * @param strings the strings
     * @return the record
     */
    public static DnsRecord txt(String name, long ttl, String... strings) {
        if (strings.length == 0) {
            throw new IllegalArgumentException("a TXT record needs at least one string");
        }
        List<byte[]> list = new ArrayList<>();
        for (String s : strings) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 255) {
                throw new IllegalArgumentException("a TXT string is at most 255 bytes, split it: " + b.length);
            }
            list.add(b);
        }
        return new DnsRecord(name, TXT, CLASS_IN, ttl, null, null, 0, 0, 0, Collections.unmodifiableList(list), null,
                null, null);
    }

    /**
     * An SRV record.
     *
     * @param name     the service name, such as "_http._tcp.example.com"
     * @param ttl      seconds the answer may be cached
     * @param priority lower is tried first, 0 to 65535
     * @param weight   share among equal priorities, 0 to 65535
     * @param port     the service's port, 0 to 65535
     * @param target   the host's name
     * @return the record
     */
    public static DnsRecord srv(String name, long ttl, int priority, int weight, int port, String target) {
        check16("priority", priority);
        check16("weight", weight);
        check16("port", port);
        return new DnsRecord(name, SRV, CLASS_IN, ttl, null, Objects.requireNonNull(target, "target"), priority,
                weight, port, null, null, null, null);
    }

    /**
     * An SOA record, what a negative answer carries in its authority section.
     *
     * @param name    the zone
     * @param ttl     seconds the record may be cached
     * @param primary the primary name server
     * @param mailbox the administrator's mailbox as a name
     * @param serial  the zone's serial number
     * @param refresh seconds between refreshes
     * @param retry   seconds between retries
     * @param expire  seconds until the zone expires
     * @param minimum seconds a negative answer may be cached (RFC 2308)
     * @return the record
     */
    public static DnsRecord soa(String name, long ttl, String primary, String mailbox, long serial, long refresh,
            long retry, long expire, long minimum) {
        long[] numbers = {serial, refresh, retry, expire, minimum};
        for (long n : numbers) {
            if (n < 0 || n > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("SOA numbers are 32-bit unsigned: " + n);
            }
        }
        return new DnsRecord(name, SOA, CLASS_IN, ttl, null, Objects.requireNonNull(primary, "primary"), 0, 0, 0,
                null, Objects.requireNonNull(mailbox, "mailbox"), numbers, null);
    }

    /**
     * A record of any type with its data as raw bytes ({@code evdns_server_request_add_reply} with
     * a type it has no helper for).
     *
     * @param name     the owner name
     * @param type     the type, 0 to 65535
     * @param dnsClass the class, usually {@link #CLASS_IN}
     * @param ttl      seconds the record may be cached
     * @param data     the record data, at most 65535 bytes
     * @return the record
     */
    public static DnsRecord raw(String name, int type, int dnsClass, long ttl, byte[] data) {
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("record data is at most 65535 bytes: " + data.length);
        }
        return new DnsRecord(name, type, dnsClass, ttl, null, null, 0, 0, 0, null, null, null, data.clone());
    }

    private static void check16(String what, int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " is 0 to 65535: " + v);
        }
    }

    /**
     * The owner name.
     *
     * @return the name, without a trailing dot
     */
    public String name() {
        return rr.name;
    }

    /**
     * The type, such as {@link #A}.
     *
     * @return the type
     */
    public int type() {
        return rr.type;
    }

    /**
     * The class, usually {@link #CLASS_IN}.
     *
     * @return the class
     */
    public int dnsClass() {
        return rr.dnsClass;
    }

    /**
     * How long the record may be cached.
     *
     * @return seconds, 0 to 2^32-1
     */
    public long ttl() {
        return rr.ttl;
    }

    /**
     * The address of an A or AAAA record.
     *
     * @return the address, or null for other types
     */
    public InetAddress address() {
        if (rr.address == null) {
            return null;
        }
        try {
            return rr.address.length == 16 ? Inet6Address.getByAddress(null, rr.address, -1)
                    : InetAddress.getByAddress(rr.address);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * The name in the data: CNAME's canonical name, PTR's and SRV's target, NS's server, MX's
     * exchange, SOA's primary server.
     *
     * @return the name, or null for types without one
     */
    public String target() {
        return rr.target;
    }

    /**
     * MX's preference or SRV's priority.
     *
     * @return the number, 0 for other types
     */
    public int priority() {
        return rr.priority;
    }

    /**
     * SRV's weight.
     *
     * @return the weight, 0 for other types
     */
    public int weight() {
        return rr.weight;
    }

    /**
     * SRV's port.
     *
     * @return the port, 0 for other types
     */
    public int port() {
        return rr.port;
    }

    /**
     * TXT's strings, decoded as UTF-8.
     *
     * @return the strings, empty for other types
     */
    public List<String> texts() {
        if (rr.texts == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(rr.texts.size());
        for (byte[] t : rr.texts) {
            out.add(new String(t, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * SOA's mailbox name.
     *
     * @return the mailbox, or null for other types
     */
    public String soaMailbox() {
        return rr.mailbox;
    }

    /**
     * SOA's minimum, the TTL of a negative answer (RFC 2308).
     *
     * @return seconds, or -1 for other types
     */
    public long soaMinimum() {
        return rr.soa == null ? -1 : rr.soa[4];
    }

    @Override
    public String toString() {
        return rr.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsRecord && rr.equals(((DnsRecord) o).rr);
    }

    @Override
    public int hashCode() {
        return rr.hashCode();
    }

    /**
     * The mnemonic of a type, such as "AAAA", or "TYPE99" for one without a name here.
     *
     * @param type the type
     * @return its name
     */
    public static String typeName(int type) {
        return Rr.typeName(type);
    }
}
