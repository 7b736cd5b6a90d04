package io.jevent.bufferevent;

/** A BufferEvent's read or write callback: libevent's {@code bufferevent_data_cb}. */
@FunctionalInterface
public interface BevDataCallback {
    /**
     * Runs on the loop thread (with the BufferEvent's lock held if it is
     * {@linkplain BevOption#THREADSAFE thread-safe}).
     *
     * @param bev the BufferEvent whose input arrived or whose output drained
     */
    void onData(BufferEvent bev);
}
