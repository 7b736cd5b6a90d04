package io.jevent.bench.echo;

/**
 * Round-trip times in nanoseconds, in log-linear buckets (32 per power of two, so about 3 %
 * resolution): enough for p50 and p99 without a dependency, and recording allocates nothing. The
 * soak runner uses it too. Not thread-safe: one recorder per thread, merged with {@link #add}.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[64 * SUB];
    private long total;

    public void record(long nanos) {
        counts[index(Math.max(1, nanos))]++;
        total++;
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    public long count() {
        return total;
    }

    /** The value below which {@code fraction} of the recorded values fall (upper bucket bound). */
    public long percentile(double fraction) {
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && counts[i] > 0) {
                return upperBound(i);
            }
        }
        return 0;
    }

    private static int index(long v) {
        int exp = 63 - Long.numberOfLeadingZeros(v);
        if (exp < SUB_BITS) {
            return (int) v;
        }
        int shift = exp - SUB_BITS;
        int mantissa = (int) (v >>> shift) & (SUB - 1);
        return (shift + 1) * SUB + mantissa;
    }

    private static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long mantissa = index % SUB;
        return ((SUB + mantissa + 1) << shift) - 1;
    }
}
