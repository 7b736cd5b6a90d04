package io.jevent;

/**
 * What an {@link Event} runs when it becomes active: libevent's {@code event_callback_fn}.
 *
 * <p>libevent passes {@code (fd, what, arg)}; here the channel is {@code ev.channel()} and the
 * {@code arg} is whatever the lambda captures.
 */
@FunctionalInterface
public interface EventCallback {
    /**
     * Runs on the loop thread, never concurrently with another callback of the same base.
     *
     * @param ev   the event that became active (for {@link EventBase#once}, one that is closed as
     *             soon as this returns)
     * @param what why: a combination of {@link Ev#TIMEOUT}, {@link Ev#READ}, {@link Ev#WRITE},
     *             {@link Ev#SIGNAL}, or the flags given to {@link Event#activate}
     */
    void onEvent(Event ev, int what);
}
