package io.jevent.bufferevent;

/** What a {@link BevFilter} made of its input: libevent's {@code enum bufferevent_filter_result}. */
public enum BevFilterResult {
    /** {@code BEV_OK}: the filter wrote something to its destination (or had nothing to do). */
    OK,
    /** {@code BEV_NEED_MORE}: the filter needs more input before it can write anything. */
    NEED_MORE,
    /**
     * {@code BEV_ERROR}: the data cannot be filtered. Unlike libevent, which ignores it, jevent
     * reports it: the direction stops and the event callback gets {@code READING|ERROR} or
     * {@code WRITING|ERROR}.
     */
    ERROR
}
