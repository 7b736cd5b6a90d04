package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jevent.Event;
import io.jevent.EventBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * libevent 2.1's signal event callbacks for signals raised before the loop runs, replayed:
 * libevent runs them all in the first EVLOOP_ONCE iteration, by signal number (HUP before USR1
 * before USR2) and, among the events of one signal, newest first; a signal raised twice runs each
 * of its events twice. jevent runs every callback once per delivery too, but signals reach it
 * through the JVM's signal threads, one thread per delivery, so the order of the callbacks among
 * themselves, and how many loop calls it takes until all arrived, are not defined: those lines are
 * compared as the set of calls, order aside, or not at all.
 *
 * <p>Every signal raised here has a jevent event added before it is raised: without one, the JVM's
 * own action for HUP, USR1 and USR2 would end the test JVM.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SignalOrderReplayTest {
    private static final Trace TRACE = Trace.load("signal_order");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String[] ADD_USUAL = {"USR1", "USR2", "HUP", "USR1"};
    private static final String[] ADD_OTHER = {"HUP", "USR1", "USR2", "USR1"};

    /** Whether this JVM lets a handler see SIGHUP; every case raises it or adds an event for it. */
    private static boolean hupCatchable;

    /**
     * The JVM keeps HUP ignored when the process started with it ignored (nohup), and then no
     * handler sees it. Asking means installing a handler for a moment: a harmless one.
     */
    @BeforeAll
    static void findOutWhetherHupCanBeCaught() {
        Signal hup = new Signal("HUP");
        SignalHandler previous = Signal.handle(hup, s -> { });
        hupCatchable = previous != SignalHandler.SIG_IGN;
        if (hupCatchable) {
            Signal.handle(hup, previous);
        }
    }

    @BeforeEach
    void skipWithoutHup() {
        assumeTrue(hupCatchable, "SIGHUP is ignored in this JVM (started with nohup?), so no event can see it");
    }

    @Test
    void signalsRaisedInAnyOrderRunEveryCallbackOnce() {
        replay("case-1", ADD_USUAL, "USR2", "HUP", "USR1");
        replay("case-2", ADD_USUAL, "USR1", "HUP", "USR2");
    }

    @Test
    void theOrderTheEventsWereAddedInChangesNothingButTheOrder() {
        replay("case-3", ADD_OTHER, "USR2", "HUP", "USR1");
    }

    @Test
    void aSignalRaisedTwiceRunsEachOfItsCallbacksTwice() {
        replay("case-4", ADD_USUAL, "USR1", "USR1");
    }

    private static void replay(String key, String[] add, String... raise) {
        int[] calls = new int[add.length];
        int[] expected = new int[add.length];
        List<String> order = new ArrayList<>();
        try (EventBase base = new EventBase()) {
            List<String> added = new ArrayList<>();
            for (int i = 0; i < add.length; i++) {
                int id = i + 1;
                Event ev = base.newSignal(add[i], (e, what) -> {
                    calls[id - 1]++;
                    order.add("SIG" + e.signal() + "#" + id);
                });
                ev.add();
                added.add("SIG" + ev.signal() + "#" + id);
                for (String r : raise) {
                    if (r.equals(add[i])) {
                        expected[i]++;
                    }
                }
            }
            TRACE.same(key + "-added", String.join(" ", added));
            for (String r : raise) {
                Signal.raise(new Signal(r));
            }
            TRACE.same(key + "-raised", "SIG" + String.join(" SIG", raise));

            loopUntil(base, calls, expected);
            // The deliveries arrive on JVM threads, so the first loop call may have seen some of
            // them only, and how many calls it takes is not defined in jevent.
            TRACE.notApplicable(key + "-after-loop-1", key + "-loop-calls");
            sameIgnoringOrder(key + "-order", String.join(" ", order));
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < calls.length; i++) {
                line.append(i == 0 ? "" : " ").append('#').append(i + 1).append('=').append(calls[i]);
            }
            TRACE.same(key + "-calls", line);
        }
    }

    /** One LOOP_ONCE call at a time until every callback ran as often as expected; bounded. */
    private static void loopUntil(EventBase base, int[] calls, int[] expected) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        int loops = 0;
        while (!reached(calls, expected)) {
            if (loops == 100 || System.nanoTime() - deadline > 0) {
                fail("after " + loops + " LOOP_ONCE calls the callbacks ran " + Arrays.toString(calls)
                        + " times, not " + Arrays.toString(expected));
            }
            base.loop(EventBase.LOOP_ONCE);
            loops++;
        }
    }

    private static boolean reached(int[] calls, int[] expected) {
        for (int i = 0; i < calls.length; i++) {
            if (calls[i] < expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * jevent defines no order among signal callbacks: the same calls as libevent's line, each as
     * often, in any order.
     */
    private static void sameIgnoringOrder(String key, String jevent) {
        List<String> mine = new ArrayList<>(Arrays.asList(jevent.split(" ")));
        List<String> theirs = new ArrayList<>(Arrays.asList(TRACE.libevent(key).split(" ")));
        assertThat(mine).as("signal_order: " + key + ", order aside").containsExactlyInAnyOrderElementsOf(theirs);
    }

    @Test
    void signalNumbersArePlatformFacts() {
        // The numbers of the signals on the machine that ran the C program; jevent names signals.
        TRACE.notApplicable("signal-numbers");
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        if (hupCatchable) {
            TRACE.allReplayed();
        }
    }
}
