package io.jevent.bench.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loop of the dispatch benchmark does exactly bench.c's work, so their times compare. */
class RingDriverTest {
    private static final int ROUNDS = 5;

    static List<Arguments> loopsAndShapes() {
        List<Arguments> all = new ArrayList<>();
        for (LoopKind kind : LoopKind.values()) {
            all.add(Arguments.of(kind, 100, 1));
            all.add(Arguments.of(kind, 100, 100));
            all.add(Arguments.of(kind, 1000, 100));
        }
        return all;
    }

    @ParameterizedTest(name = "{0}, {1} pipes, {2} active")
    @MethodSource("loopsAndShapes")
    void eachRoundRelaysExactlyItsWritesAndLeavesEveryPipeEmpty(LoopKind kind, int pipes, int active)
            throws Exception {
        try (PipeRing ring = new PipeRing(pipes, active, pipes);
                RingDriver driver = kind.open(ring)) {
            for (int r = 0; r < ROUNDS; r++) {
                driver.round();
                assertThat(ring.relayedThisRound()).as("bytes relayed in round %d", r).isEqualTo(pipes);
                assertThat(ring.readsThisRound()).as("bytes read in round %d", r).isEqualTo(active + pipes);
                assertThat(ring.failures()).as("empty reads or short writes").isZero();
                assertEveryPipeEmpty(ring);
            }
        }
    }

    private static void assertEveryPipeEmpty(PipeRing ring) throws Exception {
        ByteBuffer probe = ByteBuffer.allocate(1);
        for (int i = 0; i < ring.size(); i++) {
            probe.clear();
            assertThat(ring.source(i).read(probe)).as("bytes left in pipe %d", i).isZero();
        }
    }
}
