package io.jevent.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what a server sends on one connection, as a client would, piece by piece: the status of
 * each reply in order, interim {@code 100 Continue} ones included. The server frames every reply
 * it sends here with {@code Content-Length}, so the replies can be told apart without knowing the
 * requests; whatever follows a refusal (a status other than 100 and 200) is only counted, since it
 * must be nothing but that refusal's own page.
 */
final class ReplyStream {
    final List<Integer> statuses = new ArrayList<>();
    /** How many 200s arrived. */
    long ok;
    /** Received bytes not yet read as a complete head. */
    private final StringBuilder pending = new StringBuilder();
    /** The refusal's declared Content-Length, or -1 without a refusal. */
    long refusalLength = -1;
    /** Whether the refusal said {@code Connection: close}. */
    boolean refusalCloses;
    private long afterRefusal;

    void add(byte[] received) {
        if (refused()) {
            afterRefusal += received.length;
            return;
        }
        pending.append(new String(received, StandardCharsets.ISO_8859_1));
        int end;
        while (!refused() && (end = pending.indexOf("\r\n\r\n")) >= 0) {
            String head = pending.substring(0, end + 2);
            pending.delete(0, end + 4);
            read(head);
        }
        if (refused()) {
            afterRefusal = pending.length();
            pending.setLength(0);
        }
    }

    private void read(String head) {
        if (!head.matches("(?s)HTTP/1\\.[01] \\d{3} [^\r\n]*\r\n.*")) {
            throw new AssertionError("not a reply head: " + head);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        statuses.add(status);
        if (status == 100) {
            return;
        }
        long length = contentLength(head);
        if (status != 200) {
            refusalLength = length;
            refusalCloses = head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
        } else if (length != 0) {
            throw new AssertionError("the fuzz handlers reply with no body, yet Content-Length is " + length);
        } else {
            ok++;
        }
    }

    boolean refused() {
        return refusalLength >= 0;
    }

    /** Bytes after the last complete head: a refusal's page (absent after HEAD), or a partial reply. */
    long trailing() {
        return refused() ? afterRefusal : pending.length();
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
