package io.jevent.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The server's request parsing on arbitrary bytes cut into arbitrary pieces, checked by
 * {@link FuzzedConnection}: every input ends in requests answered in order, or in one refusal and
 * the end of the connection, with bounded work and no exception; and how the bytes are cut changes
 * nothing (unless time passes between pieces). The fuzzer also picks whether
 * replies are immediate or deferred, small limits, all methods allowed, a streaming handler that
 * replies before the body, timeouts with time passing between pieces, and whether the client
 * closes its side at the end.
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
        // With timeouts, the seconds that pass after each piece; the server's timeouts are 10 s.
        int[] waits = new int[(options & FuzzedConnection.TIMEOUTS) != 0 ? cuts.length + 1 : 0];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = data.consumeInt(0, 15);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] %= stream.length + 1;
        }
        Arrays.sort(cuts);
        List<Integer> inPieces = serve(options, stream, cuts, waits);
        if (waits.length == 0 && cuts.length > 0) {
            List<Integer> whole = serve(options, stream, new int[0], waits);
            if (!inPieces.equals(whole)) {
                throw new AssertionError("the same bytes in pieces got " + inPieces + ", in one piece " + whole);
            }
        }
    }

    /** Serves the stream in pieces ending at {@code cuts}; returns the final replies' statuses. */
    private static List<Integer> serve(int options, byte[] stream, int[] cuts, int[] waits) {
        try (FuzzedConnection c = new FuzzedConnection(options)) {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : stream.length;
                c.deliver(Arrays.copyOfRange(stream, from, to));
                from = to;
                if (waits.length > 0) {
                    c.await(Duration.ofSeconds(waits[i]));
                }
            }
            if ((options & FuzzedConnection.EOF_AT_END) != 0) {
                c.endOfInput();
            }
            return c.finalStatuses();
        }
    }
}
