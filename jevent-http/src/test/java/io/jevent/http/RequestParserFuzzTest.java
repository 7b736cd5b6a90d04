package io.jevent.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server's request parsing on arbitrary bytes cut into arbitrary pieces, checked by
 * {@link FuzzedConnection}: every input ends in requests answered in order, or in one refusal and
 * the end of the connection, with bounded work and no exception; and how the bytes are cut changes
 * nothing (unless time passes between pieces). The fuzzer also picks whether
 * replies are immediate or deferred, small limits, all methods allowed, a streaming handler that
 * replies before the body, timeouts with time passing between pieces, pieces sent many times over
 * (long streams from short inputs), and whether the client closes its side at the end.
 *
 * <p>The bytes a connection receives come first in an input, the choices last (Jazzer's
 * {@link FuzzedDataProvider} takes numbers from the end): a raw request with two bytes appended is
 * a seed. Plain builds replay the inputs under {@code RequestParserFuzzTestInputs}; the fuzz
 * profile fuzzes for 20 s.
 */
class RequestParserFuzzTest {
    private static final int MAX_CUTS = 8;
    private static final int MAX_REPEATS = 256;

    @FuzzTest(maxDuration = "4s")
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
        // With repeats, how many times each piece is sent: a short input stands for a long stream.
        int[] repeats = new int[(options & FuzzedConnection.REPEATS) != 0 ? cuts.length + 1 : 0];
        for (int i = 0; i < repeats.length; i++) {
            repeats[i] = data.consumeInt(1, MAX_REPEATS);
        }
        byte[] input = data.consumeRemainingAsBytes();
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] %= input.length + 1;
        }
        Arrays.sort(cuts);
        List<byte[]> pieces = new ArrayList<>();
        List<Integer> pauses = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            byte[] piece = Arrays.copyOfRange(input, from, to);
            int times = repeats.length > 0 ? repeats[i] : 1;
            for (int k = 0; k < times; k++) {
                pieces.add(piece);
                pauses.add(k == times - 1 && waits.length > 0 ? waits[i] : 0);
            }
            from = to;
        }
        List<Integer> inPieces = serve(options, pieces, pauses);
        if (waits.length == 0 && pieces.size() > 1) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            pieces.forEach(all::writeBytes);
            List<Integer> whole = serve(options, List.of(all.toByteArray()), List.of(0));
            if (!inPieces.equals(whole)) {
                throw new AssertionError("the same bytes in pieces got " + inPieces + ", in one piece " + whole);
            }
        }
    }

    /** Serves the pieces one by one, each followed by its pause; returns the final replies' statuses. */
    private static List<Integer> serve(int options, List<byte[]> pieces, List<Integer> pauses) {
        try (FuzzedConnection c = new FuzzedConnection(options)) {
            for (int i = 0; i < pieces.size(); i++) {
                c.deliver(pieces.get(i));
                if (pauses.get(i) > 0) {
                    c.await(Duration.ofSeconds(pauses.get(i)));
                }
            }
            if ((options & FuzzedConnection.EOF_AT_END) != 0) {
                c.endOfInput();
            }
            return c.finalStatuses();
        }
    }
}
