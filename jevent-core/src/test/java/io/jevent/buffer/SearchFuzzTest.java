package io.jevent.buffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@code search}, {@code searchRange} and {@code searchEol} from pointers anywhere in a buffer
 * made of many small segments, so that patterns, line ends and pointers straddle segment boundaries.
 * Without the {@code fuzz} Maven profile it replays only the inputs kept under
 * {@code SearchFuzzTestInputs}.
 */
class SearchFuzzTest {

    @FuzzTest(maxDuration = "4s")
    void searchesFromAnyPointerAgreeWithThePlainReference(FuzzedDataProvider data) {
        try (EvBufferModel m = new EvBufferModel()) {
            FuzzInput.fill(m, 0, data, 16);
            int len = (int) m.real[0].length();
            int searches = data.consumeInt(0, 16);
            for (int s = 0; s < searches && data.remainingBytes() > 0; s++) {
                int from = data.consumeInt(0, len);
                if (data.consumeBoolean()) {
                    m.search(0, FuzzInput.text(data, 12), from, data.consumeInt(0, len));
                } else {
                    m.searchEol(0, from, FuzzInput.style(data));
                }
            }
        }
    }
}
