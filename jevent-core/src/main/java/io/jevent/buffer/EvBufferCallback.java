package io.jevent.buffer;

/**
 * Told how a buffer's length changed: libevent's {@code evbuffer_cb_func} with its
 * {@code evbuffer_cb_info} passed as three numbers, so that no object is made per call.
 *
 * <p>The callback runs on the thread that changed the buffer, right after the change and with the
 * buffer's lock held when locking is enabled, or later from the event loop once
 * {@link EvBuffer#deferCallbacks} was called. It is not called when a call changed nothing. It may
 * add or remove bytes (which calls the callbacks again, recursively), add callbacks and remove any
 * callback, itself included. An exception it throws reaches the caller of the operation that
 * triggered it; the operation itself has completed.
 */
@FunctionalInterface
public interface EvBufferCallback {
    /**
     * Called after the buffer's length changed, on the thread and with the lock described above.
     *
     * @param buffer the buffer that changed
     * @param originalSize its length when the callbacks last ran ({@code orig_size})
     * @param added bytes added since then ({@code n_added})
     * @param deleted bytes removed since then ({@code n_deleted})
     */
    void onChange(EvBuffer buffer, long originalSize, long added, long deleted);
}
