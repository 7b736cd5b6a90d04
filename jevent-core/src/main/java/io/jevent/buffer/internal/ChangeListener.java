package io.jevent.buffer.internal;

/** Told, under the buffer's lock, that a buffer's length changed. */
@FunctionalInterface
public interface ChangeListener {
    /**
     * @param length  the length now
     * @param added   bytes just added
     * @param deleted bytes just removed
     */
    void changed(long length, long added, long deleted);
}
