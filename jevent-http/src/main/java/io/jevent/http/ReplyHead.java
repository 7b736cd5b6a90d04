package io.jevent.http;

import io.jevent.buffer.EvBuffer;
import io.jevent.http.internal.HttpDate;
import io.jevent.http.internal.StatusText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a status line and header block into a connection's output: the user's fields in order,
 * then the ones the server owes ({@code Date}, {@code Content-Length}, {@code Content-Type},
 * {@code Connection}) where the user set none. The head is put together as bytes in an array the
 * connection keeps (field Strings are Latin-1 by {@link HttpHeaders}' rules: a char is a byte), then
 * copied into the output at once: no String, no encoder, no allocation once the array is big
 * enough. A head made from the same inputs as the last one is not made again.
 */
final class ReplyHead {
    private static final byte[] HTTP_10 = ascii("HTTP/1.0 ");
    private static final byte[] HTTP_11 = ascii("HTTP/1.1 ");
    private static final byte[] DATE = ascii("Date: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] CONNECTION = ascii("Connection: ");

    private byte[] buf = new byte[256];
    private int pos;

    // What the head in buf[0, pos) was made from. A handler typically answers with the same status,
    // the same field Strings (constants) and, within a second, the same Date bytes: then that head
    // is sent again as it is. Compared by identity: the same String (or Date array) means the same
    // bytes, and comparing costs next to nothing.
    private boolean made;
    private int madeMinor;
    private int madeCode;
    private String madeReason;
    private long madeLength;
    private boolean madeChunked;
    private String madeConnection;
    private String madeType;
    private byte[] madeDate;
    private String[] madeFields = new String[8];
    private int madeFieldCount;

    /**
     * @param bodyLength    the Content-Length to add if none is set, -1 to add none
     * @param chunked       add {@code Transfer-Encoding: chunked}
     * @param connection    the {@code Connection} value to add, or null
     * @param contentType   the default type for a body without one, or null
     */
    void write(EvBuffer out, HttpRequest req, int code, String reason, long bodyLength, boolean chunked,
            String connection, String contentType) {
        byte[] date = HttpDate.now();
        if (made && madeFrom(req, code, reason, bodyLength, chunked, connection, contentType, date)) {
            out.add(buf, 0, pos);
            return;
        }
        made = false;
        pos = 0;
        put(req.minor == 0 ? HTTP_10 : HTTP_11);
        putDigits(code);
        putByte(' ');
        String r = reason != null ? reason : StatusText.reason(code);
        room(r.length());
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            buf[pos++] = (byte) (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF ? '?' : c);
        }
        crlf();
        HttpHeaders h = req.outputHeaders;
        boolean hasDate = false;
        boolean hasType = false;
        boolean hasLength = false;
        boolean hasConnection = false;
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            switch (name.length()) {
                case 4 -> hasDate |= is(name, "Date");
                case 10 -> hasConnection |= is(name, "Connection");
                case 12 -> hasType |= is(name, "Content-Type");
                case 14 -> hasLength |= is(name, "Content-Length");
                default -> { }
            }
            putLatin1(name);
            putByte(':');
            putByte(' ');
            putLatin1(h.value(i));
            crlf();
        }
        if (!hasDate) {
            put(DATE);
            put(date);
            crlf();
        }
        if (chunked) {
            put(CHUNKED);
        } else if (bodyLength >= 0 && !hasLength) {
            put(CONTENT_LENGTH);
            putDigits(bodyLength);
            crlf();
        }
        if (contentType != null && !hasType) {
            put(CONTENT_TYPE);
            putLatin1(contentType);
            crlf();
        }
        if (connection != null && !hasConnection) {
            put(CONNECTION);
            putLatin1(connection);
            crlf();
        }
        crlf();
        remember(req, code, reason, bodyLength, chunked, connection, contentType, date);
        out.add(buf, 0, pos);
    }

    private boolean madeFrom(HttpRequest req, int code, String reason, long bodyLength, boolean chunked,
            String connection, String contentType, byte[] date) {
        HttpHeaders h = req.outputHeaders;
        if (madeMinor != req.minor || madeCode != code || madeReason != reason || madeLength != bodyLength
                || madeChunked != chunked || madeConnection != connection || madeType != contentType
                || madeDate != date || madeFieldCount != h.size()) {
            return false;
        }
        for (int i = 0; i < madeFieldCount; i++) {
            if (madeFields[2 * i] != h.name(i) || madeFields[2 * i + 1] != h.value(i)) {
                return false;
            }
        }
        return true;
    }

    private void remember(HttpRequest req, int code, String reason, long bodyLength, boolean chunked,
            String connection, String contentType, byte[] date) {
        HttpHeaders h = req.outputHeaders;
        int n = h.size();
        if (2 * n > madeFields.length) {
            madeFields = new String[Math.max(2 * n, 2 * madeFields.length)];
        }
        for (int i = 0; i < n; i++) {
            madeFields[2 * i] = h.name(i);
            madeFields[2 * i + 1] = h.value(i);
        }
        madeFieldCount = n;
        madeMinor = req.minor;
        madeCode = code;
        madeReason = reason;
        madeLength = bodyLength;
        madeChunked = chunked;
        madeConnection = connection;
        madeType = contentType;
        madeDate = date;
        made = true;
    }

    /** A field name against a constant: most clients and handlers write the usual case. */
    static boolean is(String name, String constant) {
        return name.equals(constant) || name.equalsIgnoreCase(constant);
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    private void put(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void putByte(char c) {
        room(1);
        buf[pos++] = (byte) c;
    }

    private void crlf() {
        room(2);
        buf[pos++] = '\r';
        buf[pos++] = '\n';
    }

    /** Latin-1, as every field name and value is; anything else (a default type) becomes '?'. */
    private void putLatin1(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            buf[pos++] = (byte) (c > 0xFF ? '?' : c);
        }
    }

    private void putDigits(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        room(digits);
        pos += digits;
        long v = value;
        for (int i = pos - 1; i >= pos - digits; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a comma-separated field (Connection) holds a token, any case. */
    static boolean hasToken(HttpHeaders headers, String name, String token) {
        for (int i = 0; i < headers.size(); i++) {
            if (!headers.name(i).equalsIgnoreCase(name)) {
                continue;
            }
            String v = headers.value(i);
            int start = 0;
            while (start <= v.length()) {
                int comma = v.indexOf(',', start);
                int end = comma < 0 ? v.length() : comma;
                int from = start;
                int to = end;
                while (from < to && Character.isWhitespace(v.charAt(from))) {
                    from++;
                }
                while (to > from && Character.isWhitespace(v.charAt(to - 1))) {
                    to--;
                }
                if (to - from == token.length() && v.regionMatches(true, from, token, 0, token.length())) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }
}
