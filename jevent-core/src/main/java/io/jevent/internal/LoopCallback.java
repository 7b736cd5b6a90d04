package io.jevent.internal;

/**
 * What the loop calls when a {@link LoopEvent} becomes active. Public events adapt the user's
 * {@code EventCallback} to this; jevent's own layers (buffered events, listeners) implement it
 * directly so that they need no public handle per event.
 */
@FunctionalInterface
public interface LoopCallback {
    /**
     * Runs on the loop thread.
     *
     * @param ev  the event that became active
     * @param res why it is active: a combination of {@code Ev.TIMEOUT}, {@code Ev.READ},
     *            {@code Ev.WRITE}, {@code Ev.SIGNAL}
     */
    void onEvent(LoopEvent ev, int res);

    /**
     * Whose code this callback runs, for diagnostics such as the slow-callback flight event: the
     * user's callback behind an adapter, else this object.
     *
     * @return the object whose class names the callback
     */
    default Object owner() {
        return this;
    }
}
