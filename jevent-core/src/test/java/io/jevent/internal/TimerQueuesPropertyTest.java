package io.jevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The timer heap with its per-duration lists against the simplest correct model: a list sorted by
 * (deadline, insertion order). Whatever the mix of durations, re-inserts, out-of-order absolute
 * deadlines, removals and clock steps, both must expire the same events in the same order.
 */
class TimerQueuesPropertyTest {
    private final EventBase base = new EventBase();
    private final EventLoop loop = Loops.of(base);

    @AfterProperty
    void close() {
        base.close();
    }

    /** One step: kind 0 insert relative, 1 insert absolute, 2 remove, 3 advance and expire. */
    record Op(int kind, int target, long amount) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 19),
                // Few distinct durations, as in real programs, plus some odd ones.
                Arbitraries.oneOf(Arbitraries.of(10L, 20L, 50L), Arbitraries.longs().between(0, 200)))
                .as(Op::new);
        return op.list().ofMaxSize(300);
    }

    private static final class ModelEntry {
        final LoopEvent ev;
        long deadline;
        long seq;

        ModelEntry(LoopEvent ev) {
            this.ev = ev;
        }
    }

    @Property(tries = 300)
    void expiresTheSameEventsInTheSameOrderAsASortedList(@ForAll("ops") List<Op> ops) {
        TimerQueues timers = new TimerQueues();
        List<ModelEntry> pool = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pool.add(new ModelEntry(loop.newEvent(null, 0, (ev, res) -> { })));
        }
        List<ModelEntry> model = new ArrayList<>();
        Comparator<ModelEntry> order = Comparator.<ModelEntry>comparingLong(e -> e.deadline).thenComparingLong(e -> e.seq);
        long now = 0;
        long seq = 0;
        for (Op op : ops) {
            ModelEntry e = pool.get(op.target());
            switch (op.kind()) {
                case 0, 1 -> {
                    if (model.remove(e)) {
                        timers.remove(e.ev);
                    }
                    long duration = op.amount();
                    // An absolute deadline may lie before later-added ones of its list, as when a
                    // persistent event is re-armed at its previous deadline plus its interval.
                    long deadline = op.kind() == 0 ? now + duration : Math.max(0, now - 30) + duration;
                    e.ev.deadline = deadline;
                    timers.insert(e.ev, duration);
                    e.deadline = deadline;
                    e.seq = seq++;
                    model.add(e);
                }
                case 2 -> {
                    if (model.remove(e)) {
                        timers.remove(e.ev);
                    }
                }
                default -> {
                    now += op.amount();
                    List<LoopEvent> expected = new ArrayList<>();
                    model.sort(order);
                    while (!model.isEmpty() && model.get(0).deadline <= now) {
                        expected.add(model.remove(0).ev);
                    }
                    List<LoopEvent> actual = new ArrayList<>();
                    LoopEvent first;
                    while ((first = timers.first()) != null && first.deadline <= now) {
                        timers.remove(first);
                        actual.add(first);
                    }
                    assertThat(actual).containsExactlyElementsOf(expected);
                }
            }
            model.sort(order);
            long expectedNext = model.isEmpty() ? Long.MAX_VALUE : model.get(0).deadline;
            assertThat(timers.nextDeadline()).isEqualTo(expectedNext);
        }
    }
}
