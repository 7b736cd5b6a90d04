package io.jevent.buffer.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Characters into and out of a chain. UTF-8, ISO-8859-1 and US-ASCII, the charsets of the protocols
 * EvBuffers carry, are encoded straight into segment memory without an intermediate array; unmappable
 * characters and lone surrogates become {@code '?'} exactly as {@link String#getBytes(Charset)} does.
 * Other charsets go through the JDK encoder.
 */
public final class Text {
    private Text() {
    }

    /** Appends {@code s} encoded with {@code cs}; returns the number of bytes added. */
    public static long append(Chain c, CharSequence s, Charset cs) {
        long before = c.length;
        if (cs == StandardCharsets.UTF_8) {
            appendUtf8(c, s);
        } else if (cs == StandardCharsets.ISO_8859_1) {
            appendSingleByte(c, s, 0xFF);
        } else if (cs == StandardCharsets.US_ASCII) {
            appendSingleByte(c, s, 0x7F);
        } else {
            ByteBuffer b = cs.encode(CharBuffer.wrap(s));
            c.append(b, b.position(), b.remaining());
        }
        return c.length - before;
    }

    private static void appendUtf8(Chain c, CharSequence s) {
        c.modCount++;
        int i = 0;
        int n = s.length();
        while (i < n) {
            Segment t = c.writableTail(4);
            int p = t.end;
            if (t.capacity - p < 4) {
                i = encodeOneUtf8(c, s, i);
                continue;
            }
            for (int limit = t.capacity - 4; i < n && p <= limit; ) {
                char ch = s.charAt(i++);
                if (ch < 0x80) {
                    Memory.put(t, p++, (byte) ch);
                } else if (ch < 0x800) {
                    Memory.put(t, p++, (byte) (0xC0 | ch >> 6));
                    Memory.put(t, p++, (byte) (0x80 | ch & 0x3F));
                } else if (!Character.isSurrogate(ch)) {
                    Memory.put(t, p++, (byte) (0xE0 | ch >> 12));
                    Memory.put(t, p++, (byte) (0x80 | ch >> 6 & 0x3F));
                    Memory.put(t, p++, (byte) (0x80 | ch & 0x3F));
                } else if (Character.isHighSurrogate(ch) && i < n && Character.isLowSurrogate(s.charAt(i))) {
                    int cp = Character.toCodePoint(ch, s.charAt(i++));
                    Memory.put(t, p++, (byte) (0xF0 | cp >> 18));
                    Memory.put(t, p++, (byte) (0x80 | cp >> 12 & 0x3F));
                    Memory.put(t, p++, (byte) (0x80 | cp >> 6 & 0x3F));
                    Memory.put(t, p++, (byte) (0x80 | cp & 0x3F));
                } else {
                    Memory.put(t, p++, (byte) '?');
                }
            }
            c.length += p - t.end;
            t.end = p;
        }
    }

    /**
     * Encodes the character at {@code i} a byte at a time, for the end of a segment with fewer than
     * four bytes of room, so that a multi-byte sequence may continue in the next segment.
     */
    private static int encodeOneUtf8(Chain c, CharSequence s, int i) {
        char ch = s.charAt(i++);
        int cp = ch;
        if (Character.isHighSurrogate(ch) && i < s.length() && Character.isLowSurrogate(s.charAt(i))) {
            cp = Character.toCodePoint(ch, s.charAt(i++));
        } else if (Character.isSurrogate(ch)) {
            cp = '?';
        }
        if (cp < 0x80) {
            put(c, cp);
        } else if (cp < 0x800) {
            put(c, 0xC0 | cp >> 6);
            put(c, 0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            put(c, 0xE0 | cp >> 12);
            put(c, 0x80 | cp >> 6 & 0x3F);
            put(c, 0x80 | cp & 0x3F);
        } else {
            put(c, 0xF0 | cp >> 18);
            put(c, 0x80 | cp >> 12 & 0x3F);
            put(c, 0x80 | cp >> 6 & 0x3F);
            put(c, 0x80 | cp & 0x3F);
        }
        return i;
    }

    private static void put(Chain c, int b) {
        Segment t = c.writableTail(1);
        Memory.put(t, t.end++, (byte) b);
        c.length++;
    }

    private static void appendSingleByte(Chain c, CharSequence s, int max) {
        c.modCount++;
        int i = 0;
        int n = s.length();
        while (i < n) {
            Segment t = c.writableTail(n - i);
            int p = t.end;
            for (int limit = t.capacity; i < n && p < limit; ) {
                char ch = s.charAt(i++);
                if (ch <= max) {
                    Memory.put(t, p++, (byte) ch);
                } else {
                    if (Character.isHighSurrogate(ch) && i < n && Character.isLowSurrogate(s.charAt(i))) {
                        i++;
                    }
                    Memory.put(t, p++, (byte) '?');
                }
            }
            c.length += p - t.end;
            t.end = p;
        }
    }

    /**
     * Decodes the first {@code len} bytes of the chain (in memory) with {@code cs}. Bytes are copied
     * once, into {@code scratch} when it is big enough, so that only the String itself is allocated.
     */
    static String decode(Chain c, int len, Charset cs, byte[] scratch) {
        if (len == 0) {
            return "";
        }
        byte[] bytes = scratch.length >= len ? scratch : new byte[len];
        Chain.copy(c.head, c.head.start, bytes, 0, len);
        return string(bytes, len, cs);
    }

    /**
     * ISO-8859-1 through the old "hibyte" constructor, which turns each byte into the char of the
     * same value without looking at it (exactly ISO-8859-1, and a third faster than the Charset
     * constructor on short lines); everything else through the Charset constructor.
     */
    @SuppressWarnings("deprecation")
    private static String string(byte[] b, int len, Charset cs) {
        return cs == StandardCharsets.ISO_8859_1 ? new String(b, 0, 0, len) : new String(b, 0, len, cs);
    }
}
