package io.jevent.buffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helpers: bytes from text, a buffer's whole contents, buffers whose bytes span many segments. */
final class Bytes {
    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Everything in {@code b}, copied out without changing it. */
    static byte[] contents(EvBuffer b) {
        byte[] out = new byte[(int) b.length()];
        b.copyOut(out);
        return out;
    }

    static String contentsText(EvBuffer b) {
        return text(contents(b));
    }

    /** {@code n} bytes of a repeating alphabet starting at {@code from}. */
    static byte[] alphabet(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (from + i) % 26);
        }
        return b;
    }

    /**
     * Appends each piece as its own segment (a heap buffer added by reference), so that the bytes of
     * consecutive pieces sit in different segments whatever their size.
     */
    static EvBuffer addPieces(EvBuffer b, String... pieces) {
        for (String p : pieces) {
            b.addReference(ByteBuffer.wrap(ascii(p)), null);
        }
        return b;
    }
}
