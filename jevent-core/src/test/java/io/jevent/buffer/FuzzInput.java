package io.jevent.buffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Turns a fuzzer's bytes into buffer contents laid out over many segments, so that lines, patterns
 * and pointers fall across segment boundaries: each piece is added either by copy (which fills the
 * last segment) or by reference (which always starts a segment of its own).
 */
final class FuzzInput {
    /** Bytes that matter to lines and searches, so that random input hits them often. */
    private static final byte[] ALPHABET = {'a', 'b', '\r', '\n', 0};
    static final EolStyle[] STYLES = EolStyle.values();

    private FuzzInput() {
    }

    /** Up to {@code max} bytes drawn from a small alphabet: line ends and NULs are common in it. */
    static byte[] text(FuzzedDataProvider data, int max) {
        byte[] raw = data.consumeBytes(data.consumeInt(0, max));
        for (int i = 0; i < raw.length; i++) {
            raw[i] = ALPHABET[Math.floorMod(raw[i], ALPHABET.length)];
        }
        return raw;
    }

    /** Appends up to {@code pieces} pieces of text to buffer {@code i} of the model. */
    static void fill(EvBufferModel m, int i, FuzzedDataProvider data, int pieces) {
        int n = data.consumeInt(0, pieces);
        for (int k = 0; k < n; k++) {
            byte[] piece = text(data, 40);
            if (data.consumeBoolean()) {
                m.addReference(i, piece);
            } else {
                m.add(i, piece);
            }
        }
    }

    static EolStyle style(FuzzedDataProvider data) {
        return STYLES[data.consumeInt(0, STYLES.length - 1)];
    }
}
