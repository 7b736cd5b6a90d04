package io.jevent.buffer;

import io.jevent.Stress;
import java.lang.reflect.Method;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Model checks EvBuffers that share a lock, moving bytes with a third from several threads
 * ({@link SharedLockBuffers}): each operation is atomic (linearizable against three byte queues),
 * and locking two buffers at once never deadlocks, whatever the interleaving. Random scenarios: three
 * for each second of {@link Stress#duration()}, at least three. Runs in the lincheck execution.
 */
@EnabledIf(value = "io.jevent.internal.InboxLincheckTest#lincheckIsOnTheClassPath",
        disabledReason = "Lincheck runs in the lincheck execution")
class SharedLockLincheckTest {
    private static final int RANDOM_SCENARIOS_PER_SECOND = 3;

    @Test
    void buffersSharingALockAreLinearizableAndNeverDeadlock() {
        // Let the segment pool make its arenas before the check: cutting one arena into 128
        // segments is a loop the model checker would mistake for a spinning thread.
        try (EvBuffer warm = new EvBuffer()) {
            warm.add(new byte[64 * 1024]);
        }
        long seconds = Stress.duration().toSeconds();
        ModelCheckingOptions options = new ModelCheckingOptions()
                .sequentialSpecification(SharedLockBuffers.Queues.class)
                .iterations((int) Math.max(3, RANDOM_SCENARIOS_PER_SECOND * seconds))
                .invocationsPerIteration(100)
                .threads(2)
                .actorsBefore(2)
                .actorsPerThread(3)
                .actorsAfter(1);
        options.addCustomScenario(xToYAgainstYToZ());
        LinChecker.check(SharedLockBuffers.class, options);
    }

    /**
     * The interleaving that deadlocks if two buffers are locked in the order they are passed: x to y
     * takes y's lock and wants x's (shared with z), while y to z holds z's and wants y's. The model
     * checker finds it on every run when the order is broken that way.
     */
    private static ExecutionScenario xToYAgainstYToZ() {
        return new ExecutionScenario(
                List.of(actor("add", 0, 1), actor("add", 1, 2), actor("add", 2, 3)),
                List.of(List.of(actor("moveToNext", 0)), List.of(actor("moveToNext", 1))),
                List.of(actor("remove", 2)),
                null);
    }

    private static Actor actor(String operation, Object... arguments) {
        for (Method m : SharedLockBuffers.class.getMethods()) {
            if (m.getName().equals(operation)) {
                return new Actor(m, List.of(arguments), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + operation);
    }
}
