package io.jevent.bufferevent;

/** How hard {@link BufferEvent#flush} pushes: libevent's {@code enum bufferevent_flush_mode}. */
public enum BevFlush {
    /** {@code BEV_NORMAL}: write what can be written now. */
    NORMAL,
    /** {@code BEV_FLUSH}: the same for a socket; filters pass their buffered data on. */
    FLUSH,
    /** {@code BEV_FINISHED}: write what can be written, and shut the output down once all is sent. */
    FINISHED
}
