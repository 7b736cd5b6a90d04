package io.jevent.http.internal;

/**
 * Whether a text is an IPv6 address as libevent 2.1 reads the inside of {@code [...]} in a URI,
 * with its own {@code evutil_inet_pton} (libevent never uses the C library's for this). That parser
 * is laxer than the C library's and the JDK's in places, and jevent takes the same verdicts so that
 * the same URIs parse: up to eight hex groups of at most four characters each, which C's
 * {@code strtol} may write with a {@code 0x} prefix; one {@code ::}; a trailing single {@code :};
 * and a dotted IPv4 tail read with {@code sscanf("%u.%u.%u.%u")}, so leading zeros, a sign and
 * spaces before the last three numbers pass.
 */
final class Ipv6Text {
    private Ipv6Text() {
    }

    static boolean valid(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        if (dot >= to) {
            dot = -1;
        }
        int eow;
        int setWords = 0;
        if (dot == from) {
            return false;
        } else if (dot < 0) {
            eow = to;
        } else {
            eow = dot - 1;
            while (eow >= from && UriChars.digit(s.charAt(eow))) {
                eow--;
            }
            eow++;
            if (!dottedQuad(s, eow, to)) {
                return false;
            }
            setWords += 2;
        }
        int i = 0;
        int gapPos = -1;
        int p = from;
        while (p < eow) {
            if (i > 7) {
                return false;
            }
            char c = s.charAt(p);
            if (UriChars.hex(c)) {
                int next = hexNumberEnd(s, p, to);
                if (next > p + 4 || next == p) {
                    return false;
                }
                i++;
                setWords++;
                p = next;
                if (UriRules.at(s, p) != ':' && p != eow) {
                    return false;
                }
                p++;
            } else if (c == ':' && i > 0 && gapPos == -1) {
                gapPos = i;
                p++;
            } else if (c == ':' && i == 0 && UriRules.at(s, p + 1) == ':' && gapPos == -1) {
                gapPos = i;
                p += 2;
            } else {
                return false;
            }
        }
        return setWords <= 8 && !(setWords == 8 && gapPos != -1) && !(setWords < 8 && gapPos == -1);
    }

    /**
     * Where C's {@code strtol(s + p, &end, 16)} stops, given that {@code s[p]} is a hex digit: past
     * an optional {@code 0x} (only when a hex digit follows it) and the hex digits.
     */
    private static int hexNumberEnd(String s, int p, int to) {
        int i = p;
        if (s.charAt(i) == '0' && (UriRules.at(s, i + 1) | 0x20) == 'x' && i + 2 < to && UriChars.hex(s.charAt(i + 2))) {
            i += 2;
        }
        while (i < to && UriChars.hex(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code sscanf(s + from, "%u.%u.%u.%u%c") == 4} with every number at most 255. */
    private static boolean dottedQuad(String s, int from, int to) {
        int p = from;
        for (int n = 0; n < 4; n++) {
            if (n > 0) {
                if (p >= to || s.charAt(p) != '.') {
                    return false;
                }
                p++;
            }
            while (p < to && isCSpace(s.charAt(p))) {
                p++;
            }
            boolean negative = false;
            if (p < to && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                negative = s.charAt(p) == '-';
                p++;
            }
            int start = p;
            long value = 0;
            while (p < to && UriChars.digit(s.charAt(p))) {
                value = Math.min(value * 10 + (s.charAt(p) - '0'), 1L << 40);
                p++;
            }
            if (p == start || (negative ? value != 0 : value > 255)) {
                // "%u" of "-N" wraps to a huge unsigned value; only "-0" stays 0.
                return false;
            }
        }
        return p == to;
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }
}
