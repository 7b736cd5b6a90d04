package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jevent.buffer.internal.SegmentPool;

/**
 * Fuzzes sequences of operations on two buffers against the byte-array model of
 * {@link EvBufferPropertyTest}: the same operations, chosen by coverage feedback instead of at
 * random. Afterwards every pooled segment is back and every reference was cleaned up once.
 * Without the {@code fuzz} Maven profile it replays only the inputs kept under
 * {@code EvBufferSequenceFuzzTestInputs}.
 */
class EvBufferSequenceFuzzTest {
    private static final int OPERATIONS = 18;

    @FuzzTest(maxDuration = "4s")
    void operationSequencesAgreeWithTheModel(FuzzedDataProvider data) {
        long outstanding = SegmentPool.outstanding();
        EvBufferModel m = new EvBufferModel();
        try {
            for (int step = 0; step < 40 && data.remainingBytes() > 0; step++) {
                apply(m, data.consumeInt(0, OPERATIONS - 1), data.consumeInt(0, 1), data);
                m.check();
            }
        } finally {
            m.close();
        }
        assertThat(m.cleanupsRun).as("reference cleanups").isEqualTo(m.referencesAdded);
        assertThat(SegmentPool.outstanding()).as("pooled segments not returned").isEqualTo(outstanding);
    }

    private static void apply(EvBufferModel m, int op, int i, FuzzedDataProvider data) {
        switch (op) {
            case 0 -> m.add(i, bytes(data));
            case 1 -> m.addReference(i, bytes(data));
            case 2 -> m.prepend(i, bytes(data));
            case 3 -> m.drain(i, count(data));
            case 4 -> m.remove(i, count(data));
            case 5 -> m.addBuffer(i);
            case 6 -> m.prependBuffer(i);
            case 7 -> m.removeBuffer(i, count(data));
            case 8 -> m.addBufferReference(i);
            case 9 -> m.readLine(i, FuzzInput.style(data), data.consumeInt(0, 2));
            case 10 -> m.searchEol(i, count(data), FuzzInput.style(data));
            case 11 -> m.search(i, FuzzInput.text(data, 6), count(data), count(data));
            case 12 -> m.peek(i, count(data), count(data));
            case 13 -> m.copyOutFrom(i, count(data), count(data));
            case 14 -> m.pullup(i, data.consumeBoolean() ? -1 : count(data));
            case 15 -> m.reserveAndCommit(i, data.consumeInt(0, 20_000), count(data), data.consumeInt(1, 3));
            case 16 -> m.add(i, FuzzInput.text(data, 40));
            default -> m.freeze(i, data.consumeBoolean(), data.consumeBoolean());
        }
    }

    /** Small or segment-sized: sizes near 8 KiB are where segments split and join. */
    private static byte[] bytes(FuzzedDataProvider data) {
        int n = data.consumeBoolean() ? data.consumeInt(0, 64) : data.consumeInt(8000, 8400);
        byte[] b = new byte[n];
        byte seed = data.consumeByte();
        for (int k = 0; k < n; k++) {
            b[k] = (byte) (seed + k);
        }
        return b;
    }

    private static int count(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.consumeInt(0, 64) : data.consumeInt(0, 20_000);
    }
}
