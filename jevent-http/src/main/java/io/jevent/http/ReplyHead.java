package io.jevent.http;

import io.jevent.buffer.EvBuffer;
import io.jevent.http.internal.HttpDate;
import io.jevent.http.internal.StatusText;
import java.nio.charset.StandardCharsets;

/**
 * Writes a status line and header block into a connection's output: the user's fields in order,
 * then the ones the server owes ({@code Date}, {@code Content-Length}, {@code Content-Type},
 * {@code Connection}) where the user set none. One per connection: its builder is reused.
 */
final class ReplyHead {
    private final StringBuilder sb = new StringBuilder(256);

    /**
     * @param bodyLength    the Content-Length to add if none is set, -1 to add none
     * @param chunked       add {@code Transfer-Encoding: chunked}
     * @param connection    the {@code Connection} value to add, or null
     * @param contentType   the default type for a body without one, or null
     */
    void write(EvBuffer out, HttpRequest req, int code, String reason, long bodyLength, boolean chunked,
            String connection, String contentType) {
        sb.setLength(0);
        sb.append(req.minor == 0 ? "HTTP/1.0 " : "HTTP/1.1 ").append(code).append(' ');
        String r = reason != null ? reason : StatusText.reason(code);
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            sb.append(c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF ? '?' : c);
        }
        sb.append("\r\n");
        HttpHeaders h = req.outputHeaders;
        boolean hasDate = false;
        boolean hasType = false;
        boolean hasLength = false;
        boolean hasConnection = false;
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            hasDate |= name.equalsIgnoreCase("Date");
            hasType |= name.equalsIgnoreCase("Content-Type");
            hasLength |= name.equalsIgnoreCase("Content-Length");
            hasConnection |= name.equalsIgnoreCase("Connection");
            sb.append(name).append(": ").append(h.value(i)).append("\r\n");
        }
        if (!hasDate) {
            sb.append("Date: ");
            for (byte b : HttpDate.now()) {
                sb.append((char) b);
            }
            sb.append("\r\n");
        }
        if (chunked) {
            sb.append("Transfer-Encoding: chunked\r\n");
        } else if (bodyLength >= 0 && !hasLength) {
            sb.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        if (contentType != null && !hasType) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (connection != null && !hasConnection) {
            sb.append("Connection: ").append(connection).append("\r\n");
        }
        sb.append("\r\n");
        out.add(sb, StandardCharsets.ISO_8859_1);
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
