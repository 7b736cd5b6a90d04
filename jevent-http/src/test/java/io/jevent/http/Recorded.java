package io.jevent.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a program under {@code src/test/libevent} recorded from libevent 2.1.12, as
 * {@code key: value} pairs with values unescaped to bytes (see {@code rules.h}).
 */
final class Recorded {
    record Line(String key, String text, byte[] bytes) {
        boolean isNull() {
            return "(null)".equals(text);
        }

        /** The value as a String of one char per byte, or null for "(null)". */
        String latin1() {
            return isNull() ? null : new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private int next;

    Recorded(String program) throws IOException {
        try (InputStream in = Recorded.class.getResourceAsStream("/libevent-2.1/" + program + ".rules")) {
            if (in == null) {
                throw new IOException("no recording for " + program);
            }
            String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : all.split("\n")) {
                int colon = line.indexOf(": ");
                String key = colon < 0 ? line.substring(0, line.length() - 1) : line.substring(0, colon);
                String raw = colon < 0 ? "" : line.substring(colon + 2);
                lines.add(new Line(key.trim(), raw, unescape(raw)));
            }
        }
        Line first = take();
        if (!first.key().equals("libevent") || !first.text().startsWith("2.1.12")) {
            throw new IOException("recorded from an unexpected version: " + first);
        }
    }

    boolean hasNext() {
        return next < lines.size();
    }

    Line peek() {
        return lines.get(next);
    }

    Line take() {
        return lines.get(next++);
    }

    Line take(String key) {
        Line line = take();
        if (!line.key().equals(key)) {
            throw new IllegalStateException("expected " + key + " at line " + next + ", got " + line.key());
        }
        return line;
    }

    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && s.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
