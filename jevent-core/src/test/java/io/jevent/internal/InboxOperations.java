package io.jevent.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;

/**
 * The {@link Inbox} as Lincheck checks it: other threads push user tasks ({@code execute()}) and
 * loop work while one thread, the loop, drains, stops and closes, and every outcome must be one a
 * sequential FIFO could give ({@link Fifo}). See {@link InboxLincheckTest}.
 *
 * <p>Lincheck checks the operations of one object and must control every thread that runs them, so
 * the object is the Inbox with the loop's side written as operations, exactly as EventLoop drives
 * it (an iteration: {@code take}, then {@code poll} until empty; the loop returning:
 * {@code takeLoopWork}; the base closing: {@code seal}, then {@code poll}), not a whole EventLoop,
 * whose selector blocks outside Lincheck's control.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class InboxOperations {
    /** Interleavings explored per scenario: the reordering below is found within ten. */
    private static final int INVOCATIONS = 30;

    final Inbox inbox = new Inbox();
    /** What the loop ran since its previous operation; touched by loop operations only. */
    private final List<Integer> ran = new ArrayList<>();

    /** {@code execute()}: a user task, recorded as its value when it runs. */
    @Operation
    public boolean execute(@Param(name = "value") int value) {
        return inbox.push(new UserTask(() -> ran.add(value)));
    }

    /** Loop work from another thread (an add, an activation), recorded as minus its value. */
    @Operation
    public boolean work(@Param(name = "value") int value) {
        return inbox.push(() -> ran.add(-value));
    }

    /** An iteration of the loop: runs what was pushed so far. */
    @Operation(nonParallelGroup = "loop")
    public List<Integer> drain() {
        if (inbox.take()) {
            for (Runnable task; (task = inbox.poll()) != null; ) {
                task.run();
            }
        }
        return ranSincePreviousOperation();
    }

    /** The loop returns: runs the loop work, keeps the user tasks for the next run. */
    @Operation(nonParallelGroup = "loop")
    public List<Integer> stop() {
        for (Inbox.Node n = inbox.takeLoopWork(); n != null; n = n.next) {
            n.task.run();
        }
        return ranSincePreviousOperation();
    }

    /** The base closes: runs everything left; every later push fails. */
    @Operation(nonParallelGroup = "loop")
    public List<Integer> close() {
        inbox.seal();
        for (Runnable task; (task = inbox.poll()) != null; ) {
            task.run();
        }
        return ranSincePreviousOperation();
    }

    private List<Integer> ranSincePreviousOperation() {
        List<Integer> r = new ArrayList<>(ran);
        ran.clear();
        return r;
    }

    /** The specification: one FIFO of user tasks (positive) and loop work (negative), and a seal. */
    public static class Fifo {
        private final List<Integer> queue = new ArrayList<>();
        private boolean sealed;

        public boolean execute(int value) {
            return offer(value);
        }

        public boolean work(int value) {
            return offer(-value);
        }

        private boolean offer(int entry) {
            if (!sealed) {
                queue.add(entry);
            }
            return !sealed;
        }

        public List<Integer> drain() {
            List<Integer> r = new ArrayList<>(queue);
            queue.clear();
            return r;
        }

        public List<Integer> stop() {
            List<Integer> work = new ArrayList<>();
            for (Iterator<Integer> it = queue.iterator(); it.hasNext(); ) {
                Integer entry = it.next();
                if (entry < 0) {
                    work.add(entry);
                    it.remove();
                }
            }
            return work;
        }

        public List<Integer> close() {
            sealed = true;
            return drain();
        }
    }

    /** What a stopping loop did before: it pushed the tasks it kept back, one by one. */
    public static class PushingBack extends InboxOperations {
        @Override
        @Operation(nonParallelGroup = "loop")
        public List<Integer> stop() {
            List<Integer> r = super.stop();
            List<Runnable> kept = new ArrayList<>();
            for (Runnable task; (task = inbox.poll()) != null; ) {
                kept.add(task);
            }
            kept.forEach(inbox::push);
            return r;
        }
    }

    /** Model checks the scenarios written for the loop's promises, one each. */
    static void checkPromiseScenarios() {
        ModelCheckingOptions options = options();
        options.addCustomScenario(keptTasksStayAheadOfLaterOnes(InboxOperations.class));
        options.addCustomScenario(closeRunsOrRefusesEveryTask(InboxOperations.class));
        options.addCustomScenario(loopWorkRunsAtOnceAndUserTasksWait(InboxOperations.class));
        LinChecker.check(InboxOperations.class, options.iterations(0));
    }

    /**
     * Model checks random scenarios. Lincheck seeds its generator with a constant, so the same
     * count checks the same scenarios on every run, and a larger one checks those and more.
     */
    static void checkRandomScenarios(int scenarios) {
        LinChecker.check(InboxOperations.class, options()
                .iterations(scenarios)
                .threads(2)
                .actorsBefore(1)
                .actorsPerThread(3)
                .actorsAfter(1));
    }

    /** Model checks {@link PushingBack} in the scenario that reorders its tasks: it must fail. */
    static void checkPushingBack() {
        ModelCheckingOptions options = options().minimizeFailedScenario(false);
        options.addCustomScenario(keptTasksStayAheadOfLaterOnes(PushingBack.class));
        LinChecker.check(PushingBack.class, options.iterations(0));
    }

    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .sequentialSpecification(Fifo.class)
                .invocationsPerIteration(INVOCATIONS);
    }

    /** Task 1 comes first; the loop stops (keeping it) and drains while 2 and 3 arrive. */
    private static ExecutionScenario keptTasksStayAheadOfLaterOnes(Class<?> c) {
        return new ExecutionScenario(
                List.of(actor(c, "execute", 1)),
                List.of(List.of(actor(c, "stop"), actor(c, "drain")),
                        List.of(actor(c, "execute", 2), actor(c, "execute", 3))),
                List.of(),
                null);
    }

    /** The base closes while tasks arrive: each is refused or run by the close, in order. */
    private static ExecutionScenario closeRunsOrRefusesEveryTask(Class<?> c) {
        return new ExecutionScenario(
                List.of(actor(c, "execute", 1)),
                List.of(List.of(actor(c, "close")),
                        List.of(actor(c, "execute", 2), actor(c, "execute", 3))),
                List.of(actor(c, "drain")),
                null);
    }

    /** Loop work and user tasks interleave; a stop runs the work and keeps the tasks in order. */
    private static ExecutionScenario loopWorkRunsAtOnceAndUserTasksWait(Class<?> c) {
        return new ExecutionScenario(
                List.of(),
                List.of(List.of(actor(c, "stop"), actor(c, "drain")),
                        List.of(actor(c, "work", 1), actor(c, "execute", 2), actor(c, "work", 3))),
                List.of(actor(c, "drain")),
                null);
    }

    private static Actor actor(Class<?> c, String operation, Object... arguments) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(operation)) {
                return new Actor(m, List.of(arguments), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + operation + " in " + c.getName());
    }
}
