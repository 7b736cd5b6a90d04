package io.jevent.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The server's request parsing on arbitrary bytes cut into arbitrary pieces, checked by
 * {@link FuzzedConnection}: every input ends in requests answered in order, or in one refusal and
 * the end of the connection, with bounded work and no exception. The fuzzer also picks whether
 * replies are immediate or deferred, small limits, all methods allowed, a streaming handler that
 * replies before the body, and whether the client closes its side at the end.
 *
 * <p>The bytes a connection receives come first in an input, the choices last (Jazzer's
 * {@link FuzzedDataProvider} takes numbers from the end): a raw request with two bytes appended is
 * a seed. Plain builds replay the inputs under {@code RequestParserFuzzTestInputs}; the fuzz
 * profile fuzzes for 20 s.
 */
class RequestParserFuzzTest {
    private static final int MAX_CUTS = 8;

    @FuzzTest(maxDuration = "20s")
    void anyBytesInAnyPiecesGetRepliesInOrderOrOneRefusal(FuzzedDataProvider data) {
        int options = data.consumeInt(0, 255);
        int[] cuts = new int[data.consumeInt(0, MAX_CUTS)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 0xFFFF);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] %= stream.length + 1;
        }
        Arrays.sort(cuts);
        try (FuzzedConnection c = new FuzzedConnection(options)) {
            int from = 0;
            for (int cut : cuts) {
                c.deliver(Arrays.copyOfRange(stream, from, cut));
                from = cut;
            }
            c.deliver(Arrays.copyOfRange(stream, from, stream.length));
            if ((options & FuzzedConnection.EOF_AT_END) != 0) {
                c.endOfInput();
            }
        }
    }
}
