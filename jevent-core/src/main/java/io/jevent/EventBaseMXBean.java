package io.jevent;

/**
 * An {@link EventBase}'s {@link LoopMetrics} as a JMX MXBean, for jconsole, VisualVM, {@code jcmd}
 * or any JMX client: jevent's addition. Registered by {@link EventBase#registerMBean(String)} as
 * {@code io.jevent:type=EventBase,name=<name>} on the platform MBean server, unregistered when the
 * base closes. Each attribute is the value of the {@link LoopMetrics} method of the same name,
 * read when asked.
 *
 * <p><b>Threads:</b> any thread; reading an attribute takes no lock and does not wait for the loop.
 */
public interface EventBaseMXBean {
    /**
     * See {@link LoopMetrics#iterations()}.
     *
     * @return the number of loop iterations
     */
    long getIterations();

    /**
     * See {@link LoopMetrics#callbacks()}.
     *
     * @return the number of callbacks run
     */
    long getCallbacks();

    /**
     * See {@link LoopMetrics#activePerIteration()}.
     *
     * @return the mean number of active events per iteration
     */
    double getActivePerIteration();

    /**
     * See {@link LoopMetrics#maxActivePerIteration()}.
     *
     * @return the most active events in one iteration
     */
    int getMaxActivePerIteration();

    /**
     * See {@link LoopMetrics#registeredEvents()}.
     *
     * @return the number of pending events
     */
    int getRegisteredEvents();

    /**
     * See {@link LoopMetrics#activeEvents()}.
     *
     * @return the number of active events
     */
    int getActiveEvents();

    /**
     * See {@link LoopMetrics#pendingTimers()}.
     *
     * @return the number of events waiting for a timeout
     */
    int getPendingTimers();

    /**
     * See {@link LoopMetrics#timingsCollected()}.
     *
     * @return whether the times are kept
     */
    boolean isTimingsCollected();

    /**
     * See {@link LoopMetrics#callbackNanos()}.
     *
     * @return nanoseconds spent in callbacks
     */
    long getCallbackNanos();

    /**
     * See {@link LoopMetrics#maxCallbackNanos()}.
     *
     * @return the longest callback, in nanoseconds
     */
    long getMaxCallbackNanos();

    /**
     * See {@link LoopMetrics#waitNanos()}.
     *
     * @return nanoseconds spent waiting in the poll
     */
    long getWaitNanos();

    /**
     * See {@link LoopMetrics#averageLagNanos()}.
     *
     * @return the mean loop lag, in nanoseconds
     */
    long getAverageLagNanos();

    /**
     * See {@link LoopMetrics#maxLagNanos()}.
     *
     * @return the longest loop lag, in nanoseconds
     */
    long getMaxLagNanos();

    /**
     * See {@link LoopMetrics#slowCallbacks()}.
     *
     * @return the number of slow callbacks
     */
    long getSlowCallbacks();

    /**
     * See {@link LoopMetrics#stalls()}.
     *
     * @return the number of loop stalls
     */
    long getStalls();
}
