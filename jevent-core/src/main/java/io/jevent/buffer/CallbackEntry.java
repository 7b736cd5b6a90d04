package io.jevent.buffer;

import io.jevent.buffer.internal.BufferState;
import java.util.concurrent.locks.Lock;

/**
 * A callback registered with {@link EvBuffer#addCallback}: libevent's {@code evbuffer_cb_entry}.
 * Keep it to disable, re-enable or remove the callback.
 *
 * <p>Thread rule: that of its buffer (one thread at a time unless locking is enabled, and then the
 * methods take the buffer's lock).
 */
public final class CallbackEntry {
    final EvBuffer buffer;
    final EvBufferCallback callback;
    boolean enabled = true;
    boolean removed;
    CallbackEntry prev;
    CallbackEntry next;

    CallbackEntry(EvBuffer buffer, EvBufferCallback callback) {
        this.buffer = buffer;
        this.callback = callback;
    }

    /** Lets the callback run again ({@code evbuffer_cb_set_flags(buf, cb, EVBUFFER_CB_ENABLED)}). */
    public void enable() {
        setEnabled(true);
    }

    /**
     * Stops the callback from running until {@link #enable()}; changes made meanwhile are not
     * reported to it later ({@code evbuffer_cb_clear_flags(buf, cb, EVBUFFER_CB_ENABLED)}).
     */
    public void disable() {
        setEnabled(false);
    }

    /**
     * Whether the callback is enabled; a removed entry reports false.
     *
     * @return true if the callback runs on the buffer's changes: enabled and not removed
     */
    public boolean isEnabled() {
        Lock l = buffer.state.lock();
        try {
            return enabled && !removed;
        } finally {
            BufferState.release(l);
        }
    }

    private void setEnabled(boolean on) {
        Lock l = buffer.state.lock();
        try {
            buffer.state.checkOpen();
            enabled = on;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * The callback this entry runs. Any thread.
     *
     * @return the callback given when the entry was added
     */
    public EvBufferCallback callback() {
        return callback;
    }
}
