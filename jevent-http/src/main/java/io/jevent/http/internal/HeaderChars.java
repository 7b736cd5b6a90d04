package io.jevent.http.internal;

/** The character classes of header fields (RFC 9110 section 5): tokens and field values. */
public final class HeaderChars {
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HeaderChars() {
    }

    /** A token character: a method or a header name is made of these. */
    public static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** @return whether {@code s} is a non-empty token */
    public static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a byte may appear in a field value: visible characters, space, tab and obs-text
     * (0x80 to 0xFF); not NUL, CR, LF, the other controls or DEL.
     */
    public static boolean isValueByte(int b) {
        return b >= 0x20 && b != 0x7F && b <= 0xFF || b == '\t';
    }

    /** @return the index of the first character a field value may not hold, or -1 */
    public static int firstInvalidValueChar(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isValueByte(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
