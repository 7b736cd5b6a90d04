package io.jevent.dns;

import io.jevent.dns.internal.CNumbers;
import io.jevent.dns.internal.NumericAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * libevent's address parsing from {@code event2/util.h}: {@code evutil_parse_sockaddr_port} and
 * {@code evutil_inet_pton}, with libevent 2.1.12's exact acceptance rules. They never look a name
 * up: "localhost" is refused like any other name.
 *
 * <p>The rules are libevent's, quirks included, because configuration files written for a libevent
 * program must mean the same here: a dotted quad may have leading zeros (decimal), white space or
 * a sign before each part; an IPv6 group may be written "0x12"; a port is read like C's
 * {@code atoi}, so "80abc" is port 80; text after "[::1]" that does not start with ':' is ignored.
 * The test table was produced by the C library itself.
 *
 * <p><b>Threads:</b> pure functions; call them from any thread.
 */
public final class Addresses {
    /** libevent copies the address part into a 128-byte buffer, so longer ones are refused. */
    private static final int MAX_ADDRESS_PART = 127;

    private Addresses() {
    }

    /**
     * Parses an IPv4 or IPv6 address with an optional port, as {@code evutil_parse_sockaddr_port}
     * does: "1.2.3.4", "1.2.3.4:80", "::1", "[::1]", "[::1]:80", "[fe80::1%eth0]:80". A missing
     * port is 0; a given port must be 1 to 65535.
     *
     * @param text the address and optional port
     * @return the address, unresolved never: it holds the parsed numeric address
     * @throws IllegalArgumentException when libevent would refuse the text (its -1), saying why;
     *         also for a scope id above 2^31-1, which libevent accepts but {@link Inet6Address}
     *         cannot hold
     * @throws NullPointerException when {@code text} is null
     */
    public static InetSocketAddress parseSockaddrPort(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        String addressPart;
        int portFrom;
        boolean ipv6;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw refused(text, "a '[' without its ']'");
            }
            addressPart = text.substring(1, close);
            portFrom = close + 1 < text.length() && text.charAt(close + 1) == ':' ? close + 2 : -1;
            ipv6 = true;
        } else if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
            addressPart = text;
            portFrom = -1;
            ipv6 = true;
        } else if (colon >= 0) {
            addressPart = text.substring(0, colon);
            portFrom = colon + 1;
            ipv6 = false;
        } else {
            addressPart = text;
            portFrom = -1;
            ipv6 = false;
        }
        if (addressPart != text && addressPart.length() > MAX_ADDRESS_PART) {
            throw refused(text, "the address is longer than " + MAX_ADDRESS_PART + " characters");
        }
        int port = 0;
        if (portFrom >= 0) {
            port = CNumbers.atoi(text, portFrom);
            if (port <= 0 || port > 65535) {
                throw refused(text, "the port is not 1 to 65535");
            }
        }
        try {
            if (ipv6) {
                return new InetSocketAddress(ipv6WithScope(text, addressPart), port);
            }
            byte[] quad = NumericAddress.ipv4(addressPart, 0);
            if (quad == null) {
                throw refused(text, "'" + addressPart + "' is not an IPv4 address");
            }
            return new InetSocketAddress(InetAddress.getByAddress(null, quad), port);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Converts an address in text to its bytes, as {@code evutil_inet_pton} does: four bytes for
     * {@link StandardProtocolFamily#INET}, sixteen for {@link StandardProtocolFamily#INET6}. No
     * scope ("%eth0") and no brackets are accepted.
     *
     * @param family which kind of address the text must be
     * @param text   the address
     * @return the address in network byte order, or null when libevent refuses the text (its 0)
     * @throws IllegalArgumentException when {@code family} is {@code UNIX} (libevent's -1 for an
     *         unknown family)
     * @throws NullPointerException     when an argument is null
     */
    public static byte[] inetPton(StandardProtocolFamily family, String text) {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(text, "text");
        switch (family) {
            case INET:
                return NumericAddress.ipv4(text, 0);
            case INET6:
                return NumericAddress.ipv6(text);
            default:
                throw new IllegalArgumentException("inetPton takes INET or INET6, not " + family);
        }
    }

    /** {@code evutil_inet_pton_scope}: an IPv6 text with an optional "%interface" or "%index". */
    private static Inet6Address ipv6WithScope(String text, String address) throws UnknownHostException {
        int percent = address.indexOf('%');
        String bare = percent < 0 ? address : address.substring(0, percent);
        byte[] bytes = NumericAddress.ipv6(bare);
        if (bytes == null) {
            throw refused(text, "'" + bare + "' is not an IPv6 address");
        }
        long scope = 0;
        if (percent >= 0) {
            String zone = address.substring(percent + 1);
            scope = interfaceIndex(zone);
            if (scope == 0) {
                CNumbers.Read r = CNumbers.strtoul(zone, 0, new CNumbers.Read());
                // An empty zone reads as 0 and ends at its end: libevent takes "fe80::1%" as scope 0.
                if (r.end != zone.length()) {
                    throw refused(text, "'" + zone + "' is neither an interface nor a number");
                }
                scope = r.value & 0xFFFF_FFFFL;
            }
        }
        if (scope > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the scope id " + scope + " in '" + text
                    + "' does not fit java.net.Inet6Address (at most " + Integer.MAX_VALUE + ")");
        }
        // -1 leaves the scope unset; Inet6Address.getByAddress keeps ::ffff:a.b.c.d an IPv6 address.
        return Inet6Address.getByAddress(null, bytes, scope == 0 ? -1 : (int) scope);
    }

    private static long interfaceIndex(String name) {
        if (name.isEmpty()) {
            return 0;
        }
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            return nif == null || nif.getIndex() < 0 ? 0 : nif.getIndex();
        } catch (SocketException e) {
            return 0;
        }
    }

    private static IllegalArgumentException refused(String text, String why) {
        return new IllegalArgumentException("not an address libevent's evutil_parse_sockaddr_port accepts: '"
                + text + "': " + why);
    }
}
