package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.internal.SegmentPool;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
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
                .withAction(4, add())
                .withAction(2, addReference())
                .withAction(2, prepend())
                .withAction(2, drain())
                .withAction(2, remove())
                .withAction(2, addBuffer())
                .withAction(1, prependBuffer())
                .withAction(2, removeBuffer())
                .withAction(1, addBufferReference())
                .withAction(3, readLine())
                .withAction(2, searchEol())
                .withAction(2, search())
                .withAction(1, peek())
                .withAction(1, copyOutFrom())
                .withAction(1, pullup())
                .withAction(1, reserveAndCommit())
                .withAction(2, freeze())
                .withMaxTransformations(40);
    }

    private static Action.Independent<EvBufferModel> add() {
        return act(Combinators.combine(which(), data()).as((i, d) ->
                step("add " + d.length + " to " + i, m -> m.add(i, d))));
    }

    private static Action.Independent<EvBufferModel> addReference() {
        return act(Combinators.combine(which(), data()).as((i, d) ->
                step("addReference " + d.length + " to " + i, m -> m.addReference(i, d))));
    }

    private static Action.Independent<EvBufferModel> prepend() {
        return act(Combinators.combine(which(), data()).as((i, d) ->
                step("prepend " + d.length + " to " + i, m -> m.prepend(i, d))));
    }

    private static Action.Independent<EvBufferModel> drain() {
        return act(Combinators.combine(which(), count()).as((i, n) ->
                step("drain " + n + " from " + i, m -> m.drain(i, n))));
    }

    private static Action.Independent<EvBufferModel> remove() {
        return act(Combinators.combine(which(), count()).as((i, n) ->
                step("remove " + n + " from " + i, m -> m.remove(i, n))));
    }

    private static Action.Independent<EvBufferModel> addBuffer() {
        return act(which().map(i -> step("addBuffer into " + i, m -> m.addBuffer(i))));
    }

    private static Action.Independent<EvBufferModel> prependBuffer() {
        return act(which().map(i -> step("prependBuffer into " + i, m -> m.prependBuffer(i))));
    }

    private static Action.Independent<EvBufferModel> removeBuffer() {
        return act(Combinators.combine(which(), count()).as((i, n) ->
                step("removeBuffer " + n + " from " + i, m -> m.removeBuffer(i, n))));
    }

    private static Action.Independent<EvBufferModel> addBufferReference() {
        return act(which().map(i -> step("addBufferReference into " + i, m -> m.addBufferReference(i))));
    }

    /** Form 0 returns bytes, 1 a String, 2 moves the line into the other buffer. */
    private static Action.Independent<EvBufferModel> readLine() {
        return act(Combinators.combine(which(), style(), Arbitraries.integers().between(0, 2)).as((i, s, f) ->
                step("readLine " + s + " form " + f + " from " + i, m -> m.readLine(i, s, f))));
    }

    private static Action.Independent<EvBufferModel> searchEol() {
        return act(Combinators.combine(which(), count(), style()).as((i, from, s) ->
                step("searchEol " + s + " from " + from + " in " + i, m -> m.searchEol(i, from, s))));
    }

    private static Action.Independent<EvBufferModel> search() {
        return act(Combinators.combine(which(), pattern(), count(), count()).as((i, p, from, to) ->
                step("search " + p.length + " bytes in " + i + " [" + from + ", " + to + ")",
                        m -> m.search(i, p, from, to))));
    }

    private static Action.Independent<EvBufferModel> peek() {
        return act(Combinators.combine(which(), count(), Arbitraries.integers().between(-1, 20_000)).as((i, from, n) ->
                step("peek " + n + " at " + from + " in " + i, m -> m.peek(i, from, n))));
    }

    private static Action.Independent<EvBufferModel> copyOutFrom() {
        return act(Combinators.combine(which(), count(), count()).as((i, from, n) ->
                step("copyOutFrom " + from + " " + n + " of " + i, m -> m.copyOutFrom(i, from, n))));
    }

    private static Action.Independent<EvBufferModel> pullup() {
        return act(Combinators.combine(which(), Arbitraries.integers().between(-1, 20_000)).as((i, n) ->
                step("pullup " + n + " of " + i, m -> m.pullup(i, n))));
    }

    private static Action.Independent<EvBufferModel> reserveAndCommit() {
        return act(Combinators.combine(which(), count(), count(), Arbitraries.integers().between(1, 2))
                .as((i, size, used, slots) -> step("reserve " + size + " use " + used + " slots " + slots + " in " + i,
                        m -> m.reserveAndCommit(i, size, used, slots))));
    }

    /** Freezing is twice as likely as unfreezing, so that frozen ends stay around for a while. */
    private static Action.Independent<EvBufferModel> freeze() {
        return act(Combinators.combine(which(), Arbitraries.of(true, false), Arbitraries.of(true, true, false))
                .as((i, front, on) -> step((on ? "freeze " : "unfreeze ") + (front ? "start" : "end") + " of " + i,
                        m -> m.freeze(i, front, on))));
    }

    private static Action.Independent<EvBufferModel> act(Arbitrary<Transformer<EvBufferModel>> t) {
        return () -> t;
    }

    private static Transformer<EvBufferModel> step(String description, Consumer<EvBufferModel> body) {
        return Transformer.mutate(description, body);
    }

    private static Arbitrary<Integer> which() {
        return Arbitraries.integers().between(0, 1);
    }

    /** Mostly short, sometimes several segments long; bytes chosen to make lines and matches common. */
    private static Arbitrary<byte[]> data() {
        Arbitrary<Byte> bytes = Arbitraries.of((byte) 'a', (byte) 'b', (byte) 'c', (byte) '\r', (byte) '\n', (byte) 0);
        return Arbitraries.frequencyOf(
                Tuple.of(6, bytes.array(byte[].class).ofMinSize(0).ofMaxSize(40)),
                Tuple.of(2, bytes.array(byte[].class).ofMinSize(900).ofMaxSize(1200)),
                Tuple.of(1, bytes.array(byte[].class).ofMinSize(7000).ofMaxSize(20_000)));
    }

    private static Arbitrary<byte[]> pattern() {
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) '\r', (byte) '\n')
                .array(byte[].class).ofMinSize(0).ofMaxSize(4);
    }

    private static Arbitrary<Integer> count() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.integers().between(0, 50)),
                Tuple.of(2, Arbitraries.integers().between(0, 3000)),
                Tuple.of(1, Arbitraries.integers().between(0, 40_000)));
    }

    private static Arbitrary<EolStyle> style() {
        return Arbitraries.of(EolStyle.class);
    }
}
