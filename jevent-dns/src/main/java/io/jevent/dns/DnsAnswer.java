package io.jevent.dns;

import java.net.InetAddress;
import java.util.List;

/**
 * What a lookup found: the arguments of libevent's {@code evdns_callback_type} (result, type,
 * count, ttl, addresses) as one value. On success the addresses (A, AAAA) or the names (PTR) are
 * non-empty; on failure both are empty and {@link #error()} says why.
 *
 * <p>An immutable value; any thread.
 */
public final class DnsAnswer {
    private final DnsError error;
    private final int type;
    private final String name;
    private final List<InetAddress> addresses;
    private final List<String> names;
    private final long ttl;

    DnsAnswer(DnsError error, int type, String name, List<InetAddress> addresses, List<String> names, long ttl) {
        this.error = error;
        this.type = type;
        this.name = name;
        this.addresses = List.copyOf(addresses);
        this.names = List.copyOf(names);
        this.ttl = ttl;
    }

    /**
     * The result code, {@link DnsError#NONE} on success.
     *
     * @return the result
     */
    public DnsError error() {
        return error;
    }

    /**
     * Whether the lookup succeeded.
     *
     * @return true when {@link #error()} is {@link DnsError#NONE}
     */
    public boolean ok() {
        return error == DnsError.NONE;
    }

    /**
     * The record type asked for: {@link DnsRecord#A}, {@link DnsRecord#AAAA} or
     * {@link DnsRecord#PTR} (libevent's {@code DNS_IPv4_A}, {@code DNS_IPv6_AAAA}, {@code DNS_PTR}).
     *
     * @return the type
     */
    public int type() {
        return type;
    }

    /**
     * The name that was finally asked, after the search list: "www.example.com" for a lookup of
     * "www" with search domain "example.com".
     *
     * @return the fully qualified name, without a trailing dot
     */
    public String name() {
        return name;
    }

    /**
     * The addresses of an A or AAAA lookup, in the server's order.
     *
     * @return the addresses, empty on failure or for PTR
     */
    public List<InetAddress> addresses() {
        return addresses;
    }

    /**
     * The names of a PTR lookup.
     *
     * @return the names, empty on failure or for A and AAAA
     */
    public List<String> names() {
        return names;
    }

    /**
     * How long the answer may be kept: the smallest TTL of the records used, or for a negative
     * answer the SOA's minimum (RFC 2308), 0 when unknown.
     *
     * @return seconds
     */
    public long ttl() {
        return ttl;
    }

    @Override
    public String toString() {
        if (!ok()) {
            return name + " " + DnsRecord.typeName(type) + ": " + error + " (" + error.message() + ")";
        }
        return name + " " + DnsRecord.typeName(type) + " ttl=" + ttl + " " + (type == DnsRecord.PTR ? names
                : addresses.stream().map(InetAddress::getHostAddress).toList());
    }
}
