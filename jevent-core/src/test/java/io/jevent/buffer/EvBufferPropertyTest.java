package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.internal.SegmentPool;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of operations on two buffers agree with two byte arrays: contents, lengths and
 * return values, across segment boundaries, references, shared memory and frozen ends. Afterwards
 * every pooled segment is back and every reference was cleaned up exactly once.
 */
class EvBufferPropertyTest {

    @Property(tries = 300)
    void buffersBehaveLikeByteArrays(@ForAll("chains") ActionChain<EvBufferModel> chain) {
        long outstanding = SegmentPool.outstanding();
        EvBufferModel m = chain.withInvariant(EvBufferModel::check).run();
        m.close();
        assertThat(m.cleanupsRun).as("reference cleanups").isEqualTo(m.referencesAdded);
        assertThat(SegmentPool.outstanding()).as("pooled segments not returned").isEqualTo(outstanding);
    }

    @Provide
    Arbitrary<ActionChain<EvBufferModel>> chains() {
        return ActionChain.startWith(EvBufferModel::new)
                .withAction(4, act(Combinators.combine(which(), data()).as((i, d) -> step("add " + d.length + " to " + i, m -> m.add(i, d)))))
                .withAction(2, act(Combinators.combine(which(), data()).as((i, d) -> step("addReference " + d.length + " to " + i, m -> m.addReference(i, d)))))
                .withAction(2, act(Combinators.combine(which(), data()).as((i, d) -> step("prepend " + d.length + " to " + i, m -> m.prepend(i, d)))))
                .withAction(2, act(Combinators.combine(which(), count()).as((i, n) -> step("drain " + n + " from " + i, m -> m.drain(i, n)))))
                .withAction(2, act(Combinators.combine(which(), count()).as((i, n) -> step("remove " + n + " from " + i, m -> m.remove(i, n)))))
                .withAction(2, act(which().map(i -> step("addBuffer into " + i, m -> m.addBuffer(i)))))
                .withAction(1, act(which().map(i -> step("prependBuffer into " + i, m -> m.prependBuffer(i)))))
                .withAction(2, act(Combinators.combine(which(), count()).as((i, n) -> step("removeBuffer " + n + " from " + i, m -> m.removeBuffer(i, n)))))
                .withAction(1, act(which().map(i -> step("addBufferReference into " + i, m -> m.addBufferReference(i)))))
                .withAction(3, act(Combinators.combine(which(), style(), Arbitraries.integers().between(0, 2))
                        .as((i, s, f) -> step("readLine " + s + " form " + f + " from " + i, m -> m.readLine(i, s, f)))))
                .withAction(2, act(Combinators.combine(which(), count(), style())
                        .as((i, from, s) -> step("searchEol " + s + " from " + from + " in " + i, m -> m.searchEol(i, from, s)))))
                .withAction(2, act(Combinators.combine(which(), pattern(), count(), count())
                        .as((i, p, from, to) -> step("search " + p.length + " bytes in " + i + " [" + from + ", " + to + ")",
                                m -> m.search(i, p, from, to)))))
                .withAction(1, act(Combinators.combine(which(), count(), Arbitraries.integers().between(-1, 20_000))
                        .as((i, from, n) -> step("peek " + n + " at " + from + " in " + i, m -> m.peek(i, from, n)))))
                .withAction(1, act(Combinators.combine(which(), count(), count())
                        .as((i, from, n) -> step("copyOutFrom " + from + " " + n + " of " + i, m -> m.copyOutFrom(i, from, n)))))
                .withAction(1, act(Combinators.combine(which(), Arbitraries.integers().between(-1, 20_000))
                        .as((i, n) -> step("pullup " + n + " of " + i, m -> m.pullup(i, n)))))
                .withAction(1, act(Combinators.combine(which(), count(), count(), Arbitraries.integers().between(1, 2))
                        .as((i, size, used, slots) -> step("reserve " + size + " use " + used + " slots " + slots + " in " + i,
                                m -> m.reserveAndCommit(i, size, used, slots)))))
                .withAction(2, act(Combinators.combine(which(), Arbitraries.of(true, false), Arbitraries.of(true, true, false))
                        .as((i, front, on) -> step((on ? "freeze " : "unfreeze ") + (front ? "start" : "end") + " of " + i,
                                m -> m.freeze(i, front, on)))))
                .withMaxTransformations(40);
    }

    private static Action.Independent<EvBufferModel> act(Arbitrary<Transformer<EvBufferModel>> t) {
        return () -> t;
    }

    private static Transformer<EvBufferModel> step(String description, java.util.function.Consumer<EvBufferModel> body) {
        return Transformer.mutate(description, body);
    }

    private static Arbitrary<Integer> which() {
        return Arbitraries.integers().between(0, 1);
    }

    /** Mostly short, sometimes several segments long; bytes chosen to make lines and matches common. */
    private static Arbitrary<byte[]> data() {
        Arbitrary<Byte> bytes = Arbitraries.of((byte) 'a', (byte) 'b', (byte) 'c', (byte) '\r', (byte) '\n', (byte) 0);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, bytes.array(byte[].class).ofMinSize(0).ofMaxSize(40)),
                net.jqwik.api.Tuple.of(2, bytes.array(byte[].class).ofMinSize(900).ofMaxSize(1200)),
                net.jqwik.api.Tuple.of(1, bytes.array(byte[].class).ofMinSize(7000).ofMaxSize(20_000)));
    }

    private static Arbitrary<byte[]> pattern() {
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\r', (byte) '\n').array(byte[].class).ofMinSize(0).ofMaxSize(4);
    }

    private static Arbitrary<Integer> count() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 50)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 3000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 40_000)));
    }

    private static Arbitrary<EolStyle> style() {
        return Arbitraries.of(EolStyle.class);
    }
}
