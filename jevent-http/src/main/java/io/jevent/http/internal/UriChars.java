package io.jevent.http.internal;

/**
 * The character classes of RFC 3986 as libevent 2.1's http.c applies them, one table lookup each.
 * Characters above 0x7F belong to no class, whatever their code point: libevent sees their UTF-8
 * bytes, none of which is in a class either.
 */
public final class UriChars {
    private static final byte UNRESERVED = 1;
    private static final byte SUB_DELIM = 2;
    private static final byte HEX = 4;
    private static final byte ALPHA = 8;
    private static final byte DIGIT = 16;
    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] |= UNRESERVED | ALPHA;
            CLASSES[Character.toUpperCase(c)] |= UNRESERVED | ALPHA;
        }
        for (char c = '0'; c <= '9'; c++) {
            CLASSES[c] |= UNRESERVED | HEX | DIGIT;
        }
        for (char c : "-._~".toCharArray()) {
            CLASSES[c] |= UNRESERVED;
        }
        for (char c : "!$&'()*+,;=".toCharArray()) {
            CLASSES[c] |= SUB_DELIM;
        }
        for (char c : "abcdefABCDEF".toCharArray()) {
            CLASSES[c] |= HEX;
        }
    }

    private UriChars() {
    }

    private static boolean is(int c, byte cls) {
        return c >= 0 && c < 128 && (CLASSES[c] & cls) != 0;
    }

    /** ALPHA, DIGIT, {@code - . _ ~}: what the encoders leave alone. */
    public static boolean unreserved(int c) {
        return is(c, UNRESERVED);
    }

    /** {@code ! $ & ' ( ) * + , ; =}. */
    public static boolean subDelim(int c) {
        return is(c, SUB_DELIM);
    }

    public static boolean hex(int c) {
        return is(c, HEX);
    }

    public static boolean alpha(int c) {
        return is(c, ALPHA);
    }

    public static boolean digit(int c) {
        return is(c, DIGIT);
    }

    public static int hexValue(int c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
