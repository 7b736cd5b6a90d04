package io.jevent.bench.buffer;

/** One MiB of 80-byte text lines (78 letters and CR LF), the input of the line and search benchmarks. */
final class Lines {
    static final int LINE = 80;
    static final int TOTAL = 1 << 20;

    private Lines() {
    }

    static byte[] mebibyte() {
        byte[] b = new byte[TOTAL / LINE * LINE];
        for (int i = 0; i < b.length; i++) {
            int col = i % LINE;
            b[i] = col == LINE - 2 ? (byte) '\r' : col == LINE - 1 ? (byte) '\n' : (byte) ('a' + (i / LINE + col) % 26);
        }
        return b;
    }
}
