package io.jevent.http.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The last request head a connection read, as bytes, with the fields it was parsed into. A
 * keep-alive client often sends the same head again and again (a load balancer's health check, a
 * poller, a benchmark); parsing is a function of the bytes and the limits alone, so when the next
 * head starts with exactly these bytes, under the same limits, its parse is known: one vectorised
 * comparison instead of scanning, tokenising and looking up Strings byte by byte. Heads longer than
 * {@link #MAX_REMEMBERED} are not remembered. One per connection; loop thread only.
 */
public final class RepeatedHead {
    /** Longer heads (big cookies) are parsed each time rather than held per connection. */
    static final int MAX_REMEMBERED = 1024;

    private byte[] bytes = new byte[128];
    private ByteBuffer wrapped = ByteBuffer.wrap(bytes);
    /** Bytes of the remembered head; 0 when none is. */
    private int length;
    private int maxLine;
    private int maxHead;
    /** Names and values alternating, in the order the parse gave them. */
    private String[] fields = new String[16];
    private int fieldStrings;

    /** Forgets the head: called before a head is parsed, so that a failed parse leaves none. */
    public void forget() {
        length = 0;
        fieldStrings = 0;
    }

    /** Notes a field of the head being parsed. */
    public void addField(String name, String value) {
        if (fieldStrings + 2 > fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[fieldStrings++] = name;
        fields[fieldStrings++] = value;
    }

    /**
     * Remembers the head just parsed: the first {@code n} bytes of {@code view} (from its position),
     * read under these limits, with the fields noted since {@link #forget()}.
     */
    public void remember(ByteBuffer view, int n, int maxLine, int maxHead) {
        if (n > MAX_REMEMBERED) {
            return;
        }
        if (n > bytes.length) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
            wrapped = ByteBuffer.wrap(bytes);
        }
        view.get(view.position(), bytes, 0, n);
        length = n;
        this.maxLine = maxLine;
        this.maxHead = maxHead;
    }

    /**
     * Whether {@code view} (from its position) starts with the remembered head and the limits are
     * those it was read under. The view's position and limit are as they were on return.
     */
    public boolean matches(ByteBuffer view, int maxLine, int maxHead) {
        int n = length;
        if (n == 0 || view.remaining() < n || maxLine != this.maxLine || maxHead != this.maxHead) {
            return false;
        }
        int limit = view.limit();
        view.limit(view.position() + n);
        wrapped.limit(n).position(0);
        try {
            return view.mismatch(wrapped) < 0;
        } finally {
            view.limit(limit);
        }
    }

    /** Bytes of the remembered head, empty lines before it included. */
    public int length() {
        return length;
    }

    /** How many fields the remembered head has. */
    public int fieldCount() {
        return fieldStrings / 2;
    }

    /** The name of field {@code i}, as the parse gave it. */
    public String name(int i) {
        return fields[2 * i];
    }

    /** The value of field {@code i}. */
    public String value(int i) {
        return fields[2 * i + 1];
    }
}
