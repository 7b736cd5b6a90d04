package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.Event;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's order of several EV_READ events on one ready descriptor within one EVLOOP_ONCE
 * iteration, replayed: libevent runs the most recently added event first (each event_add puts the
 * event at the head of the descriptor's list), on epoll, poll and select alike; adding a pending
 * event again does not move it, and deleting and adding one moves it to the head. jevent runs them
 * in the order they were added (FIFO): adding a pending event again does not move it either, and
 * deleting and adding one moves it to the end. So the orders are reversed, and an event that
 * deletes a sibling in its callback stops a sibling that libevent would already have run, or runs
 * too late to stop one that libevent stops. Which events stay pending afterwards, and what
 * {@code del()} answers, are the same.
 *
 * <p>jevent has one backend; libevent's poll- and select- lines repeat the same cases on its other
 * backends and are replayed against the same jevent runs, to show that libevent's order does not
 * depend on its backend.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EventOrderSameFdReplayTest {
    private static final Trace TRACE = Trace.load("event_order_same_fd");
    private static final String[] BACKENDS = {"", "poll-", "select-"};
    private static final String FIFO = "several events on one channel run in the order they were added; libevent runs"
            + " the newest first, so an event that deletes a sibling in its callback behaves differently";

    /** One case as the C program runs it, and what jevent observed. */
    private static final class Case {
        final String addOrder;
        final boolean persist;
        final boolean aDeletesB;
        final boolean readdA;
        final int loops;
        final List<String> orders = new ArrayList<>();
        String delReturn = "99";
        String stillPending;

        Case(String addOrder, boolean persist, boolean aDeletesB, boolean readdA, int loops) {
            this.addOrder = addOrder;
            this.persist = persist;
            this.aDeletesB = aDeletesB;
            this.readdA = readdA;
            this.loops = loops;
        }

        /** Runs the case on the readable end of a fresh pair that holds one unread byte. */
        Case run() throws IOException {
            try (SocketPair pair = SocketPair.open(); EventBase base = new EventBase()) {
                SocketPair.write(pair.right, "x");
                Event[] ev = new Event[3];
                StringBuilder order = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    char name = (char) ('A' + i);
                    ev[i] = base.newEvent(pair.left, Ev.READ | (persist ? Ev.PERSIST : 0), (e, what) -> {
                        order.append(order.length() == 0 ? "" : " ").append(name);
                        if (name == 'A' && aDeletesB) {
                            ev[1].del();
                            // jevent's del() returns nothing: libevent's 0 is "it did not throw".
                            delReturn = "0";
                        }
                    });
                }
                for (char c : addOrder.toCharArray()) {
                    ev[c - 'A'].add();
                }
                for (int i = 1; i <= loops; i++) {
                    if (i > 1 && readdA) {
                        ev[0].del();
                        ev[0].add();
                    }
                    order.setLength(0);
                    base.loop(EventBase.LOOP_ONCE);
                    orders.add(order.length() == 0 ? "none" : order.toString());
                }
                StringBuilder still = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    if (ev[i].pending(Ev.READ) != 0) {
                        still.append((char) ('A' + i));
                    }
                    ev[i].close();
                }
                stillPending = still.length() == 0 ? "none" : still.toString();
            }
            return this;
        }
    }

    @Test
    void eventsRunInTheOrderTheyWereAdded() throws IOException {
        Case abc = new Case("ABC", false, false, false, 1).run();
        Case cab = new Case("CAB", false, false, false, 1).run();
        Case bca = new Case("BCA", false, false, false, 1).run();
        for (String p : BACKENDS) {
            differs(p + "add-abc-order", abc.orders.get(0), "A B C", "C B A");
            TRACE.same(p + "add-abc-still-pending", abc.stillPending);
            differs(p + "add-cab-order", cab.orders.get(0), "C A B", "B A C");
            TRACE.same(p + "add-cab-still-pending", cab.stillPending);
            differs(p + "add-bca-order", bca.orders.get(0), "B C A", "A C B");
            TRACE.same(p + "add-bca-still-pending", bca.stillPending);
        }
    }

    @Test
    void addingAPendingEventAgainDoesNotMoveIt() throws IOException {
        Case abca = new Case("ABCA", false, false, false, 1).run();
        for (String p : BACKENDS) {
            differs(p + "add-abca-order", abca.orders.get(0), "A B C", "C B A");
            TRACE.same(p + "add-abca-still-pending", abca.stillPending);
        }
    }

    @Test
    void anEventThatDeletesASiblingStopsItOnlyIfTheSiblingHasNotRunYet() throws IOException {
        Case cba = new Case("CBA", false, true, false, 1).run();
        Case abc = new Case("ABC", false, true, false, 1).run();
        for (String p : BACKENDS) {
            differs(p + "add-cba-a-deletes-b-order", cba.orders.get(0), "C B A", "A C");
            TRACE.same(p + "add-cba-a-deletes-b-del-return", cba.delReturn);
            TRACE.same(p + "add-cba-a-deletes-b-still-pending", cba.stillPending);
            differs(p + "add-abc-a-deletes-b-order", abc.orders.get(0), "A C", "C B A");
            TRACE.same(p + "add-abc-a-deletes-b-del-return", abc.delReturn);
            TRACE.same(p + "add-abc-a-deletes-b-still-pending", abc.stillPending);
        }
    }

    @Test
    void persistentEventsKeepTheirOrderUntilOneIsDeletedAndAddedAgain() throws IOException {
        Case abc = new Case("ABC", true, false, false, 2).run();
        Case cab = new Case("CAB", true, false, false, 2).run();
        Case readd = new Case("ABC", true, false, true, 2).run();
        for (String p : BACKENDS) {
            differs(p + "persist-add-abc-loop-1-order", abc.orders.get(0), "A B C", "C B A");
            differs(p + "persist-add-abc-loop-2-order", abc.orders.get(1), "A B C", "C B A");
            TRACE.same(p + "persist-add-abc-still-pending", abc.stillPending);
            differs(p + "persist-add-cab-loop-1-order", cab.orders.get(0), "C A B", "B A C");
            differs(p + "persist-add-cab-loop-2-order", cab.orders.get(1), "C A B", "B A C");
            TRACE.same(p + "persist-add-cab-still-pending", cab.stillPending);
            differs(p + "persist-add-abc-readd-a-loop-1-order", readd.orders.get(0), "A B C", "C B A");
            differs(p + "persist-add-abc-readd-a-loop-2-order", readd.orders.get(1), "B C A", "A C B");
            TRACE.same(p + "persist-add-abc-readd-a-still-pending", readd.stillPending);
        }
    }

    @Test
    void libeventsDefaultBackendIsItsOwnSetUp() {
        // jevent has one backend, java.nio's selector; which of libevent's backends the C program
        // got by default is a fact about that machine.
        TRACE.notApplicable("default-backend");
    }

    /** A difference, with jevent's order pinned too: it is as deterministic as libevent's. */
    private static void differs(String key, String jevent, String jeventOrder, String libeventOrder) {
        assertThat(jevent).as("event_order_same_fd: jevent's " + key).isEqualTo(jeventOrder);
        TRACE.differs(key, jevent, libeventOrder, FIFO);
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
