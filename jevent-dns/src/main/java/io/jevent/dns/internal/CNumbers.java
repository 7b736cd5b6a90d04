package io.jevent.dns.internal;

/**
 * The C library's number readers that libevent's address parsing relies on, with their quirks:
 * leading white space, a sign, saturation on overflow and the truncation that follows when the
 * result lands in an {@code int} or an {@code unsigned}. libevent 2.1.12 accepts "+1.2.3.4" and
 * a port of "-4294967216" because of them, and a faithful port has to as well.
 */
public final class CNumbers {
    private static final long UNSIGNED_MAX = -1L;

    /** Where a read stopped and what it produced; {@code end == start} when nothing was read. */
    public static final class Read {
        /** The 64-bit result, as {@code strtoul} or {@code strtol} returns it. */
        public long value;
        /** The index just after the last character consumed. */
        public int end;
    }

    private CNumbers() {
    }

    /** C's {@code isspace} in the "C" locale. */
    public static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** C's {@code isdigit}. */
    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** C's {@code isxdigit}. */
    public static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * {@code strtoul(s + from, &end, 10)}, also what {@code sscanf("%u")} reads: white space, a sign,
     * decimal digits; on overflow the maximum; a minus sign negates modulo 2^64. {@code out.end} is
     * {@code from} when no digit was found.
     */
    public static Read strtoul(String s, int from, Read out) {
        int i = skipSpace(s, from);
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && isDigit(s.charAt(i))) {
            int d = s.charAt(i) - '0';
            // value * 10 + d > 2^64 - 1, compared as unsigned numbers.
            if (Long.compareUnsigned(value, Long.divideUnsigned(UNSIGNED_MAX - d, 10)) > 0) {
                overflow = true;
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digits) {
            out.value = 0;
            out.end = from;
            return out;
        }
        out.value = overflow ? UNSIGNED_MAX : (negative ? -value : value);
        out.end = i;
        return out;
    }

    /** {@code strtol(s + from, &end, 10)}: like {@link #strtoul} but saturating at the signed limits. */
    public static Read strtol(String s, int from, Read out) {
        int i = skipSpace(s, from);
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && isDigit(s.charAt(i))) {
            int d = s.charAt(i) - '0';
            if (!overflow && value > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digits) {
            out.value = 0;
            out.end = from;
            return out;
        }
        if (overflow) {
            out.value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else {
            out.value = negative ? -value : value;
        }
        out.end = i;
        return out;
    }

    /** {@code atoi}: {@code (int) strtol(s, NULL, 10)}, 0 when there is no number. */
    public static int atoi(String s, int from) {
        return (int) strtol(s, from, new Read()).value;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
