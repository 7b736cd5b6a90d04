package io.jevent.bufferevent;

/**
 * A BufferEvent's event callback: libevent's {@code bufferevent_event_cb}. Distinct from
 * {@link io.jevent.EventCallback}, whose flags are {@link io.jevent.Ev}'s.
 */
@FunctionalInterface
public interface BevEventCallback {
    /**
     * Runs on the loop thread (with the BufferEvent's lock held if it is
     * {@linkplain BevOption#THREADSAFE thread-safe}).
     *
     * @param bev    the BufferEvent
     * @param events a combination of {@link BevEvent}'s bits
     */
    void onEvent(BufferEvent bev, int events);
}
