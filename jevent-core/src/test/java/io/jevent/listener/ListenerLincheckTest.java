package io.jevent.listener;

import io.jevent.Stress;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Checks with Lincheck that a ConnListener's enable, disable and isEnabled, called from several
 * threads ({@link ListenerSwitch}), are atomic: the accept event is pending exactly when the listener
 * says it is enabled. Lincheck's stress strategy, real threads racing, rather than its model checker:
 * enabling registers the channel with a Selector, code the model checker cannot drive (it stops
 * threads inside it, holding the listener's lock). With enable() adding its event after letting go of
 * the lock, this fails within a few scenarios. Random scenarios: three for each second of
 * {@link Stress#duration()}, at least three. Runs in the lincheck execution.
 */
@EnabledIf(value = "io.jevent.internal.InboxLincheckTest#lincheckIsOnTheClassPath",
        disabledReason = "Lincheck runs in the lincheck execution")
class ListenerLincheckTest {
    private static final int RANDOM_SCENARIOS_PER_SECOND = 3;

    @Test
    void enableDisableAndIsEnabledAreAtomic() {
        long seconds = Stress.duration().toSeconds();
        StressOptions options = new StressOptions()
                .sequentialSpecification(ListenerSwitch.Flag.class)
                .iterations((int) Math.max(3, RANDOM_SCENARIOS_PER_SECOND * seconds))
                .invocationsPerIteration(100)
                .threads(2)
                .actorsBefore(1)
                .actorsPerThread(3)
                .actorsAfter(1);
        LinChecker.check(ListenerSwitch.class, options);
    }

    @AfterAll
    static void closeTheLastListener() {
        ListenerSwitch.closeLast();
    }
}
