package io.jevent.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what a server sent on one connection, as a client would: the status of each reply in
 * order, interim {@code 100 Continue} ones included. The server frames every reply it sends here
 * with {@code Content-Length}, so the replies can be told apart without knowing the requests;
 * whatever follows a refusal (a status other than 100 and 200) is kept aside, since it must be
 * nothing but that refusal's own page.
 */
final class ReplyStream {
    final List<Integer> statuses = new ArrayList<>();
    /** Bytes after the last complete head: a refusal's page (absent after HEAD), or a partial reply. */
    int trailing;
    /** The refusal's declared Content-Length, or -1 without a refusal. */
    long refusalLength = -1;
    /** Whether the refusal said {@code Connection: close}. */
    boolean refusalCloses;

    static ReplyStream parse(byte[] sent) {
        ReplyStream r = new ReplyStream();
        String s = new String(sent, StandardCharsets.ISO_8859_1);
        int p = 0;
        while (p < s.length()) {
            int end = s.indexOf("\r\n\r\n", p);
            if (end < 0) {
                break;
            }
            String head = s.substring(p, end + 2);
            if (!head.matches("(?s)HTTP/1\\.[01] \\d{3} [^\r\n]*\r\n.*")) {
                throw new AssertionError("not a reply head at byte " + p + ": " + s.substring(p));
            }
            int status = Integer.parseInt(head.substring(9, 12));
            r.statuses.add(status);
            p = end + 4;
            if (status == 100) {
                continue;
            }
            long length = contentLength(head);
            if (status != 200) {
                r.refusalLength = length;
                r.refusalCloses = head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
                break;
            }
            if (length != 0) {
                throw new AssertionError("the fuzz handlers reply with no body, yet Content-Length is " + length);
            }
        }
        r.trailing = s.length() - p;
        return r;
    }

    boolean refused() {
        return refusalLength >= 0;
    }

    long count(int status) {
        return statuses.stream().filter(x -> x == status).count();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                return Long.parseLong(line.substring(colon + 1).strip());
            }
        }
        throw new AssertionError("a reply without Content-Length: " + head);
    }
}
