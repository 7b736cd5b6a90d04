package io.jevent.bufferevent;

/** Options of {@link BufferEvent#trigger} and {@link BufferEvent#triggerEvent}: libevent's {@code BEV_TRIG_*}. */
public enum BevTrigger {
    /** {@code BEV_TRIG_IGNORE_WATERMARKS}: run the callback whatever the buffer holds. */
    IGNORE_WATERMARKS,
    /** {@code BEV_TRIG_DEFER_CALLBACKS}: run it from the loop, later, as with DEFER_CALLBACKS. */
    DEFER_CALLBACKS
}
