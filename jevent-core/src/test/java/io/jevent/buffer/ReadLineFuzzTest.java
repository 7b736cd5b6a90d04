package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jevent.buffer.internal.SegmentPool;

/**
 * Fuzzes {@code readLine} in all five end-of-line styles, as bytes, as a String and into another
 * buffer, over lines split across segments, against the plain reference of {@link EvBufferModel}.
 * Without the {@code fuzz} Maven profile it replays only the inputs kept under
 * {@code ReadLineFuzzTestInputs}.
 */
class ReadLineFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void readLineAgreesWithThePlainReferenceInEveryStyle(FuzzedDataProvider data) {
        long outstanding = SegmentPool.outstanding();
        try (EvBufferModel m = new EvBufferModel()) {
            FuzzInput.fill(m, 0, data, 12);
            int reads = data.consumeInt(0, 24);
            for (int r = 0; r < reads && data.remainingBytes() > 0; r++) {
                if (data.consumeInt(0, 3) == 0) {
                    FuzzInput.fill(m, 0, data, 2);   // more input arrives between reads
                }
                m.readLine(0, FuzzInput.style(data), data.consumeInt(0, 2));
                m.check();
            }
        }
        assertThat(SegmentPool.outstanding()).as("pooled segments not returned").isEqualTo(outstanding);
    }
}
