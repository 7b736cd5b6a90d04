package io.jevent.buffer.internal;

import io.jevent.buffer.CallbackEntry;
import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.EvBufferCallback;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * What jevent's own packages (bufferevent, http) may do with an EvBuffer that users may not: the
 * JDK's SharedSecrets pattern. {@link EvBuffer} registers the implementation from its static
 * initializer; {@link #get()} makes sure that has happened. Not exported from the module.
 */
public abstract class EvBufferAccess {
    private static volatile EvBufferAccess instance;

    /** Called once, by EvBuffer's static initializer. */
    public static void register(EvBufferAccess access) {
        instance = access;
    }

    public static EvBufferAccess get() {
        EvBufferAccess a = instance;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(EvBuffer.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            a = instance;
        }
        return a;
    }

    /**
     * Names who holds an end frozen, for the exception an operation on that end throws: with
     * {@code hint = "its BufferEvent: ..."} the message reads "the start of this EvBuffer is frozen
     * by its BufferEvent: ...". {@code null} removes the hint.
     */
    public abstract void setOwnerHint(EvBuffer buffer, boolean front, String hint);

    /**
     * Sets the owner's hook, run at once after every operation that added bytes (after the
     * callbacks), with the buffer's lock held when locking is enabled; null removes it. Cheaper
     * than a callback: it is how a BufferEvent learns its output grew, once per message.
     */
    public abstract void setAddListener(EvBuffer buffer, Runnable listener);

    /**
     * Adds a callback that runs at once even when the buffer defers its callbacks (libevent's
     * EVBUFFER_CB_NODEFER), as watermark checks must.
     */
    public abstract CallbackEntry addImmediateCallback(EvBuffer buffer, EvBufferCallback callback);

    /**
     * Reads on behalf of the owner that froze the end (ignoring that freeze): the learned amount,
     * at most {@code max}, which is a ceiling (a BufferEvent's max single read) rather than the
     * request that {@link EvBuffer#read}'s {@code max} is.
     */
    public abstract int readAsOwner(EvBuffer buffer, ReadableByteChannel channel, int max) throws IOException;

    /** {@link EvBuffer#writeAtMost} on behalf of the owner that froze the start: ignores that freeze. */
    public abstract long writeAsOwner(EvBuffer buffer, GatheringByteChannel channel, long max) throws IOException;
}
