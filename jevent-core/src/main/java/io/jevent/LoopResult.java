package io.jevent;

/**
 * How {@link EventBase#loop} ended: libevent's three return values of {@code event_base_loop}.
 */
public enum LoopResult {
    /**
     * {@code 0}: the loop stopped as asked: {@link EventBase#loopExit}, {@link EventBase#loopBreak},
     * or one round of {@link EventBase#LOOP_ONCE} / {@link EventBase#LOOP_NONBLOCK} finished.
     */
    EXITED(0),
    /** {@code 1}: no event was pending or active any more, so there was nothing to wait for. */
    NO_EVENTS(1),
    /**
     * {@code -1}: the backend failed (the selector threw); {@link EventBase#loopError()} has the cause.
     * The base is still usable.
     */
    ERROR(-1);

    private final int code;

    LoopResult(int code) {
        this.code = code;
    }

    /**
     * libevent's integer for this outcome: 0, 1 or -1.
     *
     * @return {@code 0} for {@link #EXITED}, {@code 1} for {@link #NO_EVENTS}, {@code -1} for
     *         {@link #ERROR}
     */
    public int code() {
        return code;
    }
}
