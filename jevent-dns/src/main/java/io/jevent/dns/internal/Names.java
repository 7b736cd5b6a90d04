package io.jevent.dns.internal;

import java.util.Locale;

/**
 * Domain names as text: dotted labels of ISO-8859-1 bytes without escapes, as libevent keeps them.
 * The root is the empty string.
 */
public final class Names {
    /** The longest name on the wire, length bytes and terminating zero included (RFC 1035). */
    public static final int MAX_WIRE_LENGTH = 255;
    /** The longest label. */
    public static final int MAX_LABEL = 63;

    private Names() {
    }

    /**
     * Checks that {@code name} can be written and returns it without a trailing dot.
     *
     * @throws IllegalArgumentException naming what is wrong: an empty label, a label over 63
     *         bytes, a character outside ISO-8859-1, or a name over 255 bytes
     */
    public static String check(String name) {
        if (name == null) {
            throw new NullPointerException("name");
        }
        String n = strip(name);
        if (n.isEmpty()) {
            return n;
        }
        int wire = 1;
        int labelStart = 0;
        for (int i = 0; i <= n.length(); i++) {
            if (i == n.length() || n.charAt(i) == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    throw new IllegalArgumentException("empty label in DNS name '" + name + "'");
                }
                if (len > MAX_LABEL) {
                    throw new IllegalArgumentException("a DNS label is at most 63 bytes, '" + name + "' has one of "
                            + len);
                }
                wire += len + 1;
                labelStart = i + 1;
            } else if (n.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("DNS name '" + name
                        + "' has a character outside ISO-8859-1; convert it with java.net.IDN.toASCII first");
            }
        }
        if (wire > MAX_WIRE_LENGTH) {
            throw new IllegalArgumentException("a DNS name is at most 255 bytes on the wire, '" + name + "' needs "
                    + wire);
        }
        return n;
    }

    /** The name without one trailing dot; "." is the root, "". */
    public static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** ASCII lower case, the comparison DNS uses (RFC 4343); other bytes compare exactly. */
    public static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    /** Whether two names are equal ignoring ASCII case. */
    public static boolean equal(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lowerChar(x) != lowerChar(y)) {
                return false;
            }
        }
        return true;
    }

    private static char lowerChar(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
