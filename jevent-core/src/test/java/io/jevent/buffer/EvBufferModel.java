package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Two EvBuffers next to two plain byte arrays that say what they must hold. Every operation runs on
 * both; return values, lengths and contents must agree, and an operation on a frozen end must throw
 * and change nothing.
 */
final class EvBufferModel implements AutoCloseable {
    final EvBuffer[] real = {new EvBuffer(), new EvBuffer()};
    private final byte[][] model = {new byte[0], new byte[0]};
    /** frozen[i][0]: start of buffer i; frozen[i][1]: its end. */
    private final boolean[][] frozen = new boolean[2][2];
    int referencesAdded;
    int cleanupsRun;

    // ---------------------------------------------------------------- model helpers

    private static byte[] cat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private byte[] take(int i, int n) {
        byte[] head = Arrays.copyOf(model[i], n);
        model[i] = Arrays.copyOfRange(model[i], n, model[i].length);
        return head;
    }

    private int len(int i) {
        return model[i].length;
    }

    /**
     * Runs {@code op} on the real buffer when the ends it needs are unfrozen and applies
     * {@code effect} to the model; otherwise expects the operation to throw and change nothing. As
     * in libevent, an operation with nothing to do is not refused for a frozen end (see each guard).
     */
    private <T> T guarded(boolean refused, Supplier<T> op, Runnable effect) {
        if (refused) {
            byte[][] before = {Bytes.contents(real[0]), Bytes.contents(real[1])};
            assertThatThrownBy(op::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("is frozen");
            assertThat(Bytes.contents(real[0])).isEqualTo(before[0]);
            assertThat(Bytes.contents(real[1])).isEqualTo(before[1]);
            return null;
        }
        T r = op.get();
        effect.run();
        return r;
    }

    private boolean start(int i) {
        return frozen[i][0];
    }

    private boolean end(int i) {
        return frozen[i][1];
    }

    // ---------------------------------------------------------------- operations

    void add(int i, byte[] data) {
        guarded(end(i), () -> real[i].add(data), () -> model[i] = cat(model[i], data));
    }

    void addReference(int i, byte[] data) {
        ByteBuffer bb = ByteBuffer.wrap(data.clone());
        guarded(end(i), () -> real[i].addReference(bb, x -> cleanupsRun++), () -> {
            referencesAdded++;
            model[i] = cat(model[i], data);
        });
    }

    void prepend(int i, byte[] data) {
        guarded(start(i) && data.length > 0, () -> real[i].prepend(data), () -> model[i] = cat(data, model[i]));
    }

    void drain(int i, int n) {
        int expected = Math.min(n, len(i));
        Long r = guarded(start(i) && len(i) > 0, () -> real[i].drain(n), () -> take(i, expected));
        if (r != null) {
            assertThat(r).isEqualTo(expected);
        }
    }

    void remove(int i, int n) {
        byte[] dst = new byte[n];
        int expected = Math.min(n, len(i));
        byte[] want = Arrays.copyOf(model[i], expected);
        Integer r = guarded(start(i) && expected > 0, () -> real[i].remove(dst), () -> take(i, expected));
        if (r != null) {
            assertThat(r).isEqualTo(expected);
            assertThat(Arrays.copyOf(dst, r)).isEqualTo(want);
        }
    }

    void addBuffer(int i) {
        int o = 1 - i;
        guarded((end(i) || start(o)) && len(o) > 0, () -> {
            real[i].addBuffer(real[o]);
            return null;
        }, () -> {
            model[i] = cat(model[i], model[o]);
            model[o] = new byte[0];
        });
    }

    void prependBuffer(int i) {
        int o = 1 - i;
        guarded((start(i) || start(o)) && len(o) > 0, () -> {
            real[i].prependBuffer(real[o]);
            return null;
        }, () -> {
            model[i] = cat(model[o], model[i]);
            model[o] = new byte[0];
        });
    }

    void removeBuffer(int i, int n) {
        int o = 1 - i;
        int expected = Math.min(n, len(i));
        Long r = guarded((start(i) || end(o)) && n > 0, () -> real[i].removeBuffer(real[o], n),
                () -> model[o] = cat(model[o], take(i, expected)));
        if (r != null) {
            assertThat(r).isEqualTo(expected);
        }
    }

    void addBufferReference(int i) {
        int o = 1 - i;
        if (end(i) && len(o) > 0) {
            guarded(true, () -> {
                real[i].addBufferReference(real[o]);
                return null;
            }, () -> { });
            return;
        }
        try {
            real[i].addBufferReference(real[o]);
            model[i] = cat(model[i], model[o]);
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("not shared again");
        }
    }

    void readLine(int i, EolStyle style, int form) {
        int[] eol = eol(model[i], 0, style);
        int o = 1 - i;
        boolean refused = start(i) || form == 2 && end(o);
        Object r = guarded(refused, () -> form == 0 ? real[i].readLine(style)
                : form == 1 ? real[i].readLine(style, java.nio.charset.StandardCharsets.ISO_8859_1)
                : (Object) real[i].readLine(style, real[o]), () -> {
                    if (eol != null) {
                        byte[] line = take(i, eol[0]);
                        take(i, eol[1]);
                        if (form == 2) {
                            model[o] = cat(model[o], line);
                        }
                    }
                });
        if (refused) {
            return;
        }
        if (eol == null) {
            assertThat(r).isIn(null, -1L);
        } else if (form == 0) {
            assertThat((byte[]) r).hasSize(eol[0]);
        } else if (form == 1) {
            assertThat((String) r).hasSize(eol[0]);
        } else {
            assertThat(r).isEqualTo((long) eol[0]);
        }
    }

    void searchEol(int i, int from, EolStyle style) {
        int start = Math.min(from, len(i));
        EvBufferPtr p = real[i].ptr();
        assertThat(p.set(start)).isTrue();
        int[] eol = eol(model[i], start, style);
        long r = p.searchEol(style);
        if (eol == null) {
            assertThat(r).isEqualTo(-1);
            assertThat(p.position()).isEqualTo(start);
        } else {
            assertThat(r).isEqualTo(eol[1]);
            assertThat(p.position()).isEqualTo(start + eol[0]);
        }
    }

    void search(int i, byte[] pattern, int from, int to) {
        int start = Math.min(from, len(i));
        int end = Math.max(start, Math.min(to, len(i)));
        EvBufferPtr s = real[i].ptr();
        EvBufferPtr e = real[i].ptr();
        s.set(start);
        e.set(end);
        assertThat(s.search(pattern)).isEqualTo(indexOf(model[i], pattern, start, len(i)));
        assertThat(s.searchRange(pattern, e)).isEqualTo(indexOf(model[i], pattern, start, end));
    }

    void peek(int i, int from, int n) {
        int start = Math.min(from, len(i));
        EvBufferPtr p = real[i].ptr();
        p.set(start);
        ByteBuffer[] views = new ByteBuffer[p.peek(n, null)];
        p.peek(n, views);
        byte[] seen = new byte[0];
        for (ByteBuffer v : views) {
            seen = cat(seen, EvBufferTest.bytesOf(v));
        }
        assertThat(seen.length).isGreaterThanOrEqualTo(Math.min(n, len(i) - start));
        assertThat(seen).isEqualTo(Arrays.copyOfRange(model[i], start, start + seen.length));
    }

    void copyOutFrom(int i, int from, int n) {
        int start = Math.min(from, len(i));
        EvBufferPtr p = real[i].ptr();
        p.set(start);
        byte[] dst = new byte[n];
        int r = p.copyOut(dst, 0, n);
        assertThat(r).isEqualTo(Math.min(n, len(i) - start));
        assertThat(Arrays.copyOf(dst, r)).isEqualTo(Arrays.copyOfRange(model[i], start, start + r));
    }

    void pullup(int i, int n) {
        ByteBuffer v = real[i].pullup(n);
        int size = n == -1 ? len(i) : n;
        if (size == 0 || size > len(i)) {
            assertThat(v).isNull();
        } else {
            assertThat(EvBufferTest.bytesOf(v)).isEqualTo(Arrays.copyOf(model[i], size));
        }
    }

    void reserveAndCommit(int i, int size, int used, int slots) {
        ByteBuffer[] vec = new ByteBuffer[slots];
        Integer n = guarded(end(i), () -> real[i].reserve(size, vec), () -> { });
        if (n == null) {
            return;
        }
        long room = 0;
        for (int k = 0; k < n; k++) {
            room += vec[k].remaining();
        }
        assertThat(room).isGreaterThanOrEqualTo(size);
        byte[] written = new byte[(int) Math.min(used, room)];
        int w = 0;
        for (int k = 0; k < n && w < written.length; k++) {
            while (vec[k].hasRemaining() && w < written.length) {
                written[w] = (byte) ('A' + w % 7);
                vec[k].put(written[w++]);
            }
        }
        assertThat(real[i].commit(vec, n)).isEqualTo(written.length);
        model[i] = cat(model[i], written);
    }

    void freeze(int i, boolean front, boolean on) {
        if (on) {
            real[i].freeze(front ? Side.START : Side.END);
        } else {
            real[i].unfreeze(front ? Side.START : Side.END);
        }
        frozen[i][front ? 0 : 1] = on;
    }

    /** Checked after every step: lengths and contents agree. */
    void check() {
        for (int i = 0; i < 2; i++) {
            assertThat(real[i].length()).isEqualTo(len(i));
            assertThat(Bytes.contents(real[i])).isEqualTo(model[i]);
        }
    }

    @Override
    public void close() {
        real[0].close();
        real[1].close();
    }

    // ---------------------------------------------------------------- reference answers

    /** libevent's evbuffer_search_eol, written as plainly as possible: {position - from, length} or null. */
    static int[] eol(byte[] b, int from, EolStyle style) {
        for (int i = from; i < b.length; i++) {
            byte c = b[i];
            switch (style) {
                case ANY:
                    if (c == '\r' || c == '\n') {
                        int j = i;
                        while (j < b.length && (b[j] == '\r' || b[j] == '\n')) {
                            j++;
                        }
                        return new int[] {i - from, j - i};
                    }
                    break;
                case CRLF:
                    if (c == '\n') {
                        return i > from && b[i - 1] == '\r' ? new int[] {i - 1 - from, 2} : new int[] {i - from, 1};
                    }
                    break;
                case CRLF_STRICT:
                    if (c == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                        return new int[] {i - from, 2};
                    }
                    break;
                case LF:
                    if (c == '\n') {
                        return new int[] {i - from, 1};
                    }
                    break;
                default:
                    if (c == 0) {
                        return new int[] {i - from, 1};
                    }
            }
        }
        return null;
    }

    /** First occurrence of {@code p} starting at or after {@code from} and ending by {@code to}, or -1. */
    static long indexOf(byte[] b, byte[] p, int from, int to) {
        if (p.length == 0) {
            return from;
        }
        outer:
        for (int i = from; i + p.length <= to; i++) {
            for (int k = 0; k < p.length; k++) {
                if (b[i + k] != p[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
