package io.jevent.dns.internal;

/**
 * libevent 2.1.12's own text-to-address conversion ({@code evutil_inet_pton} as the library is
 * built on Linux, which uses its internal parser rather than the C library's): dotted quads read as
 * {@code sscanf("%u.%u.%u.%u")} reads them, IPv6 groups as {@code strtol(..., 16)} reads them.
 * Every rule below was checked against the C library; the table of inputs is in the tests.
 */
public final class NumericAddress {
    private NumericAddress() {
    }

    /**
     * A dotted quad from {@code from} to the end of {@code s}, or null when libevent refuses it.
     * Each part is read like {@code %u}: white space and a sign before it are accepted, leading
     * zeros are decimal, and the value is taken modulo 2^32 before the check against 255.
     */
    public static byte[] ipv4(String s, int from) {
        byte[] out = new byte[4];
        CNumbers.Read r = new CNumbers.Read();
        int i = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
            CNumbers.strtoul(s, i, r);
            if (r.end == i) {
                return null;
            }
            long v = r.value & 0xFFFF_FFFFL;
            if (v > 255) {
                return null;
            }
            out[part] = (byte) v;
            i = r.end;
        }
        // sscanf's trailing %c: anything at all after the fourth number refuses the text.
        return i == s.length() ? out : null;
    }

    /** Sixteen bytes for an IPv6 text (no scope), or null when libevent refuses it. */
    public static byte[] ipv6(String s) {
        int[] words = new int[8];
        int dot = s.indexOf('.');
        if (dot == 0) {
            return null;
        }
        int endOfWords;
        int setWords = 0;
        if (dot < 0) {
            endOfWords = s.length();
        } else {
            // The dotted quad starts at the run of decimal digits that ends at the first dot.
            endOfWords = dot;
            while (endOfWords > 0 && CNumbers.isDigit(s.charAt(endOfWords - 1))) {
                endOfWords--;
            }
            byte[] quad = ipv4(s, endOfWords);
            if (quad == null) {
                return null;
            }
            words[6] = ((quad[0] & 0xFF) << 8) | (quad[1] & 0xFF);
            words[7] = ((quad[2] & 0xFF) << 8) | (quad[3] & 0xFF);
            setWords = 2;
        }
        int i = 0;
        int gap = -1;
        int p = 0;
        while (p < endOfWords) {
            if (i > 7) {
                return null;
            }
            char c = s.charAt(p);
            if (CNumbers.isHexDigit(c)) {
                int next = hexEnd(s, p);
                if (next - p > 4) {
                    return null;
                }
                words[i++] = hexValue(s, p, next);
                setWords++;
                p = next;
                if (p != endOfWords && (p >= s.length() || s.charAt(p) != ':')) {
                    return null;
                }
                p++;
            } else if (c == ':' && i > 0 && gap == -1) {
                gap = i;
                p++;
            } else if (c == ':' && i == 0 && p + 1 < s.length() && s.charAt(p + 1) == ':' && gap == -1) {
                gap = i;
                p += 2;
            } else {
                return null;
            }
        }
        if (setWords > 8 || (setWords == 8 && gap != -1) || (setWords < 8 && gap == -1)) {
            return null;
        }
        if (gap >= 0) {
            int toMove = setWords - (dot >= 0 ? 2 : 0) - gap;
            int gapLength = 8 - setWords;
            System.arraycopy(words, gap, words, gap + gapLength, toMove);
            java.util.Arrays.fill(words, gap, gap + gapLength, 0);
        }
        byte[] out = new byte[16];
        for (int w = 0; w < 8; w++) {
            out[2 * w] = (byte) (words[w] >> 8);
            out[2 * w + 1] = (byte) words[w];
        }
        return out;
    }

    /**
     * Where {@code strtol(s + p, &end, 16)} stops, given that {@code s[p]} is a hex digit: a
     * "0x" prefix is part of the number when a hex digit follows it, which is why libevent
     * accepts "0x12::".
     */
    private static int hexEnd(String s, int p) {
        int i = p;
        if (s.charAt(i) == '0' && i + 2 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && CNumbers.isHexDigit(s.charAt(i + 2))) {
            i += 2;
        }
        while (i < s.length() && CNumbers.isHexDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int hexValue(String s, int from, int to) {
        int i = from;
        if (to - from > 2 && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            i += 2;
        }
        int v = 0;
        for (; i < to; i++) {
            v = v * 16 + Character.digit(s.charAt(i), 16);
        }
        return v;
    }
}
