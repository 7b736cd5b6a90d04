package io.jevent.internal;

import io.jevent.internal.jfr.FlightEvents;

/**
 * Runs the callbacks of active events, with libevent's rules: {@code event_process_active}, the
 * persist closure that re-arms a persistent event before its callback, and the signal closure that
 * runs a callback once per delivery. Loop thread only.
 */
final class Dispatcher {
    private static final long NO_DEADLINE = Long.MIN_VALUE;

    private final EventLoop loop;
    private final LoopState state;
    /** The event whose callback runs now (libevent's {@code current_event}). */
    private LoopEvent current;

    final LoopCounters counters = new LoopCounters();
    /** Whether this iteration times its callbacks (see {@link LoopCounters}). */
    boolean timed;
    /** When this iteration's poll returned, on {@link System#nanoTime()}; set only when timed. */
    long pollReturnedAt;
    private int callbacksThisIteration;

    Dispatcher(EventLoop loop, LoopState state) {
        this.loop = loop;
        this.state = state;
    }

    LoopEvent current() {
        return current;
    }

    /**
     * libevent's {@code event_process_active}: runs the active callbacks of the most urgent
     * non-empty priority (within the configured limits).
     *
     * @return how many non-internal callbacks ran, or -1 if {@code loopBreak} stopped it
     */
    int processActive() {
        long endTime = NO_DEADLINE;
        if (state.config.maxDispatchNanos() >= 0) {
            state.updateTimeCache();
            endTime = state.now() + state.config.maxDispatchNanos();
        }
        counters.activeAtDispatch(state.active.count());
        callbacksThisIteration = 0;
        int c = 0;
        for (int p = 0; p < state.active.priorities(); p++) {
            if (state.active.head(p) != null) {
                state.runningPriority = p;
                c = p < state.config.limitFromPriority()
                        ? processQueue(p, Integer.MAX_VALUE, NO_DEADLINE)
                        : processQueue(p, state.config.maxCallbacks(), endTime);
                if (c != 0) {
                    // Stopped by loopBreak, or ran real callbacks: poll before any less urgent queue.
                    break;
                }
            }
        }
        state.runningPriority = -1;
        if (timed) {
            long stalled = System.nanoTime() - pollReturnedAt;
            if (stalled > state.config.watching().stallNanos()) {
                if (state.config.watching().timings()) {
                    counters.stall();
                }
                FlightEvents.loopStall(stalled, callbacksThisIteration);
            }
        }
        return c;
    }

    private int processQueue(int priority, int maxCallbacks, long endTime) {
        int count = 0;
        LoopEvent ev;
        while ((ev = state.active.head(priority)) != null) {
            if ((ev.events & EventFlags.PERSIST) != 0) {
                state.active.remove(ev);
            } else {
                state.delNow(ev);
            }
            count++;
            if (ev.signal != null) {
                runSignal(ev);
            } else {
                if ((ev.events & EventFlags.PERSIST) != 0) {
                    rearmPersistent(ev);
                }
                run(ev, ev.res);
            }
            if (loop.gotBreak()) {
                return -1;
            }
            if (count >= maxCallbacks) {
                return count;
            }
            if (count > 0 && endTime != NO_DEADLINE) {
                state.updateTimeCache();
                if (state.now() - endTime >= 0) {
                    return count;
                }
            }
            if (state.continueRequested) {
                break;
            }
        }
        return count;
    }

    /**
     * libevent's {@code event_persist_closure}: a persistent event with a timeout is re-armed before
     * its callback runs, one interval after its previous deadline when the timeout fired (so a
     * periodic timer does not drift), one interval from now when it fired for another reason or when
     * that deadline has already passed.
     */
    private void rearmPersistent(LoopEvent ev) {
        if (ev.interval <= 0) {
            return;
        }
        long now = state.now();
        long relativeTo = (ev.res & EventFlags.TIMEOUT) != 0 ? ev.deadline : now;
        long runAt = relativeTo + ev.interval;
        if (runAt - now < 0) {
            runAt = now + ev.interval;
        }
        state.addNow(ev, runAt, true);
    }

    /** libevent's {@code event_signal_closure}: one callback per delivery, until deleted or broken. */
    private void runSignal(LoopEvent ev) {
        int calls = ev.ncalls;
        ev.ncalls = 0;
        ev.signalAborted = false;
        while (calls-- > 0) {
            run(ev, ev.res);
            if (loop.gotBreak() || ev.signalAborted) {
                return;
            }
        }
    }

    /** Counts the callback and, in a timed iteration, measures it around {@link #invoke}. */
    private void run(LoopEvent ev, int res) {
        counters.callback();
        callbacksThisIteration++;
        if (!timed) {
            invoke(ev, res);
            return;
        }
        long start = System.nanoTime();
        try {
            invoke(ev, res);
        } finally {
            long nanos = System.nanoTime() - start;
            boolean slow = nanos > state.config.watching().slowCallbackNanos();
            // Timed for a flight recording only: the metrics' times stay those of a base that
            // does not collect them (zero), not a sample of whenever a recording ran.
            if (state.config.watching().timings()) {
                counters.timedCallback(nanos, start - pollReturnedAt, slow);
            }
            if (slow) {
                FlightEvents.slowCallback(nanos, ev, ev.callback.owner().getClass(), ev.priority);
            }
        }
    }

    private void invoke(LoopEvent ev, int res) {
        current = ev;
        try {
            ev.callback.onEvent(ev, res);
        } catch (RuntimeException e) {
            loop.reportFailure(e);
        } finally {
            current = null;
        }
    }
}
