package io.jevent.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Stress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Model checks the {@link Inbox}, the queue behind {@code execute()} and every call from another
 * thread, with Lincheck ({@link InboxOperations}). Linearizability against a FIFO is what the loop's
 * promises rest on: each thread's tasks run in submission order across stops, none runs twice, and
 * once closed every push is refused or its task runs.
 *
 * <p>The model checker explores scenarios written for those promises, then random ones: three for
 * each second of {@link Stress#duration()}, at least three, so that {@code -Djevent.stress.seconds=600}
 * checks 1800 of them. Lincheck runs in a surefire execution of its own, with its jars on the class
 * path (see jevent-core's pom); in the other one this test is skipped, also when {@code -Dtest} names
 * it.
 */
@EnabledIf(value = "lincheckIsOnTheClassPath", disabledReason = "Lincheck runs in the lincheck execution")
class InboxLincheckTest {
    private static final int RANDOM_SCENARIOS_PER_SECOND = 3;

    @Test
    void theInboxIsALinearizableFifoInTheScenarioOfEachPromise() {
        InboxOperations.checkPromiseScenarios();
    }

    @Test
    void theInboxIsALinearizableFifoInRandomScenarios() {
        long seconds = Stress.duration().toSeconds();
        InboxOperations.checkRandomScenarios((int) Math.max(3, RANDOM_SCENARIOS_PER_SECOND * seconds));
    }

    @Test
    void theCheckFindsTheReorderingOfALoopThatPushesItsKeptTasksBack() {
        assertThatThrownBy(InboxOperations::checkPushingBack)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Invalid execution results");
    }

    static boolean lincheckIsOnTheClassPath() {
        try {
            Class.forName("org.jetbrains.kotlinx.lincheck.LinChecker", false,
                    InboxLincheckTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
