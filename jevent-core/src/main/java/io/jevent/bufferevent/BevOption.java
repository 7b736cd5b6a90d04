package io.jevent.bufferevent;

/** Options of a {@link BufferEvent}: libevent's {@code BEV_OPT_*}. */
public enum BevOption {
    /** {@code BEV_OPT_CLOSE_ON_FREE}: {@link BufferEvent#close()} closes the channel too. */
    CLOSE_ON_FREE,
    /** {@code BEV_OPT_THREADSAFE}: any thread may call any method; one lock serializes them. */
    THREADSAFE,
    /**
     * {@code BEV_OPT_DEFER_CALLBACKS}: callbacks do not run inside the operation that triggered them
     * but from the loop, once the callbacks active now have run, coalesced: a CONNECTED event first,
     * then one read callback, one write callback, then the other event bits ORed together.
     */
    DEFER_CALLBACKS,
    /**
     * {@code BEV_OPT_UNLOCK_CALLBACKS}: deferred callbacks run without the lock. Needs
     * {@link #DEFER_CALLBACKS}, as in libevent.
     */
    UNLOCK_CALLBACKS
}
