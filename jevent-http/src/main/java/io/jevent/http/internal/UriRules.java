package io.jevent.http.internal;

/**
 * The tests libevent 2.1's URI parser applies to each part of a URI (RFC 3986 as http.c reads it),
 * on {@code String}s whose characters stand for bytes. Positions past the end read as NUL, as the
 * C code reads its NUL-terminated strings: where libevent looks two characters ahead of a
 * {@code %} without checking the end of the part, so does this class, and it gets the same verdicts.
 */
public final class UriRules {
    /** Where {@link #endOfPath} stops: the path stops at {@code ?}, the query and fragment do not. */
    public static final int PATH = 0;
    public static final int QUERY = 1;
    public static final int FRAGMENT = 2;

    private UriRules() {
    }

    /** The character at {@code i}, or NUL past the end. */
    public static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    /** {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )} over {@code [from, to)}. */
    public static boolean schemeOk(String s, int from, int to) {
        if (from == to || !UriChars.alpha(s.charAt(from))) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            char c = s.charAt(i);
            if (!UriChars.alpha(c) && !UriChars.digit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Unreserved, sub-delims, {@code :} and complete percent escapes within {@code [from, to)}. */
    public static boolean userinfoOk(String s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (UriChars.unreserved(c) || UriChars.subDelim(c) || c == ':') {
                i++;
            } else if (c == '%' && i + 2 < to && UriChars.hex(s.charAt(i + 1)) && UriChars.hex(s.charAt(i + 2))) {
                i += 3;
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * A reg-name or IPv4 address. Like libevent, the two characters after a {@code %} may lie past
     * {@code to}: they are then the separator that ended the host, never a hex digit.
     */
    public static boolean regnameOk(String s, int from, int to) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (UriChars.unreserved(c) || UriChars.subDelim(c)) {
                i++;
            } else if (c == '%' && UriChars.hex(at(s, i + 1)) && UriChars.hex(at(s, i + 2))) {
                i += 3;
            } else {
                return false;
            }
        }
        return true;
    }

    /** An IP-literal in brackets over {@code [from, to)}: an IPv6 address or {@code [vX.stuff]}. */
    public static boolean bracketAddrOk(String s, int from, int to) {
        if (from + 3 > to || s.charAt(from) != '[' || s.charAt(to - 1) != ']') {
            return false;
        }
        if (s.charAt(from + 1) == 'v') {
            int i = from + 2;
            int end = to - 1;
            if (!UriChars.hex(s.charAt(i))) {
                return false;
            }
            while (i < end && s.charAt(i) != '.') {
                if (!UriChars.hex(s.charAt(i))) {
                    return false;
                }
                i++;
            }
            if (s.charAt(i) != '.') {
                return false;
            }
            for (i++; i < end; i++) {
                char c = s.charAt(i);
                if (!UriChars.unreserved(c) && !UriChars.subDelim(c) && c != ':') {
                    return false;
                }
            }
            return true;
        }
        int n = to - from - 2;
        return n < 64 && Ipv6Text.valid(s, from + 1, to - 1);
    }

    /** The port of {@code [from, to)}, all digits: 0 to 65535, or -1 when out of range. */
    public static int parsePort(String s, int from, int to) {
        int port = 0;
        for (int i = from; i < to; i++) {
            port = port * 10 + (s.charAt(i) - '0');
            if (port > 65535) {
                return -1;
            }
        }
        return port;
    }

    /** The first {@code ?}, {@code #} or {@code /} from {@code from}, or the end. */
    public static int endOfAuthority(String s, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '?' || c == '#' || c == '/') {
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * Where the path, query or fragment that starts at {@code from} ends. Conforming: at the first
     * character that is not a pchar, {@code /} (or, after the path, {@code ?}) or a percent escape.
     * NONCONFORMANT, as libevent: the path ends at {@code #} or {@code ?}, the query at {@code #},
     * the fragment at the end.
     */
    public static int endOfPath(String s, int from, int part, boolean nonconformant) {
        int i = from;
        int len = s.length();
        if (nonconformant) {
            while (i < len) {
                char c = s.charAt(i);
                if (c == '\0' || part != FRAGMENT && c == '#' || part == PATH && c == '?') {
                    break;
                }
                i++;
            }
            return i;
        }
        while (i < len) {
            char c = s.charAt(i);
            if (UriChars.unreserved(c) || UriChars.subDelim(c) || c == ':' || c == '@' || c == '/') {
                i++;
            } else if (c == '%' && UriChars.hex(at(s, i + 1)) && UriChars.hex(at(s, i + 2))) {
                i += 3;
            } else if (c == '?' && part != PATH) {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** A relative reference's first segment may not hold a colon (it would read as a scheme). */
    public static boolean pathMatchesNoScheme(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return false;
            }
            if (c == '/') {
                return true;
            }
        }
        return true;
    }
}
