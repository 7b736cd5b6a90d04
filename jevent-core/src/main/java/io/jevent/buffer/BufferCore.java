package io.jevent.buffer;

import io.jevent.EventBase;
import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.Cursor;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The guarded heart of an {@link EvBuffer}: its chain of segments, and the rules around it, namely
 * who may change it when (closing, {@code evbuffer_enable_locking}, {@code evbuffer_freeze}) and who
 * hears about changes ({@code evbuffer_add_cb}).
 *
 * <p>EvBuffer's API is one class, as libevent's is one header. Its implementation is split by concept
 * over this class, {@link BufferContents} (bytes in and out) and EvBuffer itself (lines, search,
 * zero-copy access, channel I/O), so that each file has one job; the public methods declared here
 * are documented as EvBuffer's. The pattern is the JDK's AbstractStringBuilder.
 */
abstract sealed class BufferCore implements AutoCloseable permits BufferContents {
    /** The largest contiguous run of bytes a single ByteBuffer or array can hold. */
    static final int MAX_CONTIGUOUS = Integer.MAX_VALUE - 8;
    /** Bits of {@link #state}: one field, so that each call checks one word. */
    static final int CLOSED = 1;
    static final int FROZEN_START = 2;
    static final int FROZEN_END = 4;
    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final Chain chain = new Chain();
    // Scratch positions for line reads and searches: made on first use, so that a buffer that only
    // carries bytes (most of a server's) costs no more memory than it must.
    private Cursor scratch;
    private Cursor scratch2;
    Lock lock;
    int state;
    String startOwner;
    String endOwner;
    Callbacks callbacks;
    Deferral deferral;
    /**
     * Told, right away, whenever bytes are added: the owner's one hook (a BufferEvent writes as soon
     * as its output grows). A plain field instead of a callback entry, because it runs for every
     * message on the hot path and must cost no more than a null check and a call.
     */
    Runnable addListener;

    final Cursor scratch() {
        Cursor c = scratch;
        return c != null ? c : (scratch = new Cursor());
    }

    final Cursor scratch2() {
        Cursor c = scratch2;
        return c != null ? c : (scratch2 = new Cursor());
    }

    // ------------------------------------------------------------------ size

    /** Number of bytes held ({@code evbuffer_get_length}). One thread at a time unless locking is enabled. */
    public long length() {
        Lock l = acquire();
        try {
            open();
            return chain.length;
        } finally {
            release(l);
        }
    }

    /**
     * Number of bytes in the first segment, which {@link #pullup} can return without copying
     * ({@code evbuffer_get_contiguous_space}); 0 when empty. One thread at a time unless locking is enabled.
     */
    public long contiguousSpace() {
        Lock l = acquire();
        try {
            open();
            return chain.head == null ? 0 : chain.head.size();
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ freezing

    /**
     * Freezes one end ({@code evbuffer_freeze}): while the start is frozen, removing and prepending
     * throw; while the end is frozen, adding throws. A BufferEvent freezes the end of its input and
     * the start of its output, which only it may change. One thread at a time unless locking is enabled.
     *
     * @param front true for the start, false for the end
     */
    public void freeze(boolean front) {
        setFrozen(front, true);
    }

    /** Undoes {@link #freeze} for one end ({@code evbuffer_unfreeze}). */
    public void unfreeze(boolean front) {
        setFrozen(front, false);
    }

    void setFrozen(boolean front, boolean frozen) {
        Lock l = acquire();
        try {
            open();
            int bit = front ? FROZEN_START : FROZEN_END;
            state = frozen ? state | bit : state & ~bit;
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Registers a callback told of every change in length ({@code evbuffer_add_cb}); changes made
     * before it was added are not reported. One thread at a time unless locking is enabled.
     *
     * @return the entry that disables, enables or removes it
     */
    public CallbackEntry addCallback(EvBufferCallback callback) {
        return addCallback(callback, false);
    }

    CallbackEntry addCallback(EvBufferCallback callback, boolean immediate) {
        Objects.requireNonNull(callback, "callback");
        Lock l = acquire();
        try {
            open();
            if (callbacks == null) {
                callbacks = new Callbacks();
            }
            return callbacks.add(self(), callback, immediate);
        } finally {
            release(l);
        }
    }

    /**
     * Removes a callback ({@code evbuffer_remove_cb_entry}); it may be the one running. One thread
     * at a time unless locking is enabled.
     *
     * @return true, or false if it was already removed
     * @throws IllegalArgumentException if the entry belongs to another buffer
     */
    public boolean removeCallback(CallbackEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.buffer != this) {
            throw new IllegalArgumentException("removeCallback: the entry belongs to " + entry.buffer
                    + ", not " + this);
        }
        Lock l = acquire();
        try {
            open();
            return callbacks.remove(entry);
        } finally {
            release(l);
        }
    }

    void setCallbackEnabled(CallbackEntry entry, boolean enabled) {
        Lock l = acquire();
        try {
            open();
            entry.enabled = enabled;
        } finally {
            release(l);
        }
    }

    boolean callbackEnabled(CallbackEntry entry) {
        Lock l = acquire();
        try {
            return entry.enabled && !entry.removed;
        } finally {
            release(l);
        }
    }

    /** Records a change in length and tells the callbacks, now or (deferred) later. */
    void changed(long added, long deleted) {
        Callbacks c = callbacks;
        if (c != null && c.changed(self(), chain.length, added, deleted, deferral != null)) {
            deferral.schedule();
        }
        Runnable onAdd = addListener;
        if (added > 0 && onAdd != null) {
            onAdd.run();
        }
    }

    /**
     * Makes the callbacks run later, from {@code base}'s loop, instead of inside the call that
     * changed the buffer ({@code evbuffer_defer_callbacks}). Changes made before the loop gets to
     * them are reported in one call with their counts summed, and every callback then runs on the
     * loop's thread, which is how a buffer filled by other threads can still be watched from one
     * thread. Deferring to the same base again does nothing; to another base, moves. Closing the
     * buffer cancels a pending run. One thread at a time unless locking is enabled.
     *
     * @throws IllegalStateException if {@code base} is closed
     */
    public void deferCallbacks(EventBase base) {
        Objects.requireNonNull(base, "base");
        Deferral old;
        Lock l = acquire();
        try {
            open();
            old = deferral;
            if (old != null && old.base() == base) {
                return;
            }
            deferral = new Deferral(this, base);
        } finally {
            release(l);
        }
        if (old != null) {
            old.cancel();
        }
    }

    /** The deferred run, on the loop's thread: every enabled callback not marked immediate. */
    void runDeferredCallbacks() {
        Lock l = acquire();
        try {
            if ((state & CLOSED) == 0 && callbacks != null) {
                callbacks.run(self(), chain.length, false, true);
            }
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ locking

    /**
     * Makes the buffer safe to use from several threads ({@code evbuffer_enable_locking}). Call it
     * before the buffer is shared. Callbacks then run with the lock held, so beware of lock order.
     *
     * @param lock the lock to use (several buffers may share one), or null for a new
     *     {@link ReentrantLock}; it must be reentrant, since callbacks may call back in
     * @throws IllegalStateException if locking is already enabled
     */
    public void enableLocking(Lock lock) {
        if (this.lock != null) {
            throw new IllegalStateException("locking is already enabled on " + this);
        }
        this.lock = lock == null ? new ReentrantLock() : lock;
    }

    /** Takes the buffer's lock, to make several calls one step ({@code evbuffer_lock}); no effect without locking. */
    public void lock() {
        acquire();
    }

    /** Releases the lock taken by {@link #lock()} ({@code evbuffer_unlock}); no effect without locking. */
    public void unlock() {
        release(lock);
    }

    Lock acquire() {
        Lock l = lock;
        if (l != null) {
            l.lock();
        }
        return l;
    }

    static void release(Lock l) {
        if (l != null) {
            l.unlock();
        }
    }

    /** Locks this buffer and {@code other} in a fixed order (by creation), once if they share a lock. */
    void lockBoth(EvBuffer other) {
        Lock a = lock;
        Lock b = other.lock;
        if (id > other.id) {
            Lock t = a;
            a = b;
            b = t;
        }
        if (a != null) {
            a.lock();
        }
        if (b != null && b != a) {
            b.lock();
        }
    }

    void unlockBoth(EvBuffer other) {
        Lock a = lock;
        Lock b = other.lock;
        if (b != null && b != a) {
            b.unlock();
        }
        if (a != null) {
            a.unlock();
        }
    }

    // ------------------------------------------------------------------ the end

    /**
     * Gives everything back ({@code evbuffer_free}): pooled memory to the pool, referenced memory to
     * its cleanup, files to be closed when no other buffer shares them. Removes the callbacks and
     * cancels a pending deferred run; from a thread other than the loop's that waits for the loop,
     * so do not close a deferring buffer while holding its {@link #lock()}. Closing twice does
     * nothing. One thread at a time unless locking is enabled.
     */
    @Override
    public void close() {
        Deferral d;
        Lock l = acquire();
        try {
            if ((state & CLOSED) != 0) {
                return;
            }
            state |= CLOSED;
            chain.releaseAll();
            if (callbacks != null) {
                callbacks.removeAll();
            }
            d = deferral;
            deferral = null;
        } finally {
            release(l);
        }
        if (d != null) {
            d.cancel();
        }
    }

    @Override
    public String toString() {
        return "EvBuffer#" + id;
    }

    // ------------------------------------------------------------------ checks

    /** This object as what it is: the only subclass is EvBuffer. */
    final EvBuffer self() {
        return (EvBuffer) this;
    }

    void open() {
        if ((state & CLOSED) != 0) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(this + " is closed");
    }

    /** Throws unless open and the start is not frozen, naming the frozen end and the way out. */
    void start(String op) {
        start(op, "this EvBuffer");
    }

    void start(String op, String who) {
        if ((state & (CLOSED | FROZEN_START)) != 0) {
            throw (state & CLOSED) != 0 ? closedError() : frozenError(op, true, who);
        }
    }

    /** Throws unless open and the end is not frozen, naming the frozen end and the way out. */
    void end(String op) {
        end(op, "this EvBuffer");
    }

    void end(String op, String who) {
        if ((state & (CLOSED | FROZEN_END)) != 0) {
            throw (state & CLOSED) != 0 ? closedError() : frozenError(op, false, who);
        }
    }

    private IllegalStateException frozenError(String op, boolean front, String who) {
        String owner = front ? startOwner : endOwner;
        StringBuilder m = new StringBuilder(op).append(": the ").append(front ? "start" : "end")
                .append(" of ").append(who).append(" is frozen");
        if (owner != null) {
            m.append(" by ").append(owner);
        } else {
            m.append("; call unfreeze(").append(front).append(") first")
                    .append(front ? " to remove or prepend bytes" : " to add bytes");
        }
        return new IllegalStateException(m.toString());
    }

    static void checkCount(String name, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " < 0: " + n);
        }
    }

    static void checkContiguous(String name, long n) {
        checkCount(name, n);
        if (n > MAX_CONTIGUOUS) {
            throw new IllegalArgumentException(name + " > " + MAX_CONTIGUOUS + ": " + n);
        }
    }

    void checkOther(String name, EvBuffer other) {
        Objects.requireNonNull(other, name);
        if (other == this) {
            throw new IllegalArgumentException(name + " is this buffer: " + this);
        }
    }

    void checkPtr(EvBufferPtr ptr) {
        Objects.requireNonNull(ptr, "ptr");
        if (ptr.buffer != this) {
            throw new IllegalArgumentException("the pointer belongs to " + ptr.buffer + ", not " + this);
        }
    }

    /** The pointer's offset, which must be set and inside the buffer as it is now. */
    long checkedPosition(EvBufferPtr ptr) {
        long pos = ptr.cursor.pos;
        if (pos < 0) {
            throw new IllegalArgumentException("the pointer is not set: its last set or add went past the end; set(position) it again");
        }
        if (pos > chain.length) {
            throw new IllegalArgumentException("the pointer's position " + pos + " is past the end (length "
                    + chain.length + "): the buffer shrank since it was set");
        }
        return pos;
    }

    /**
     * Brings into memory the files among the {@code span} bytes from the pointer, then makes sure its
     * cursor matches the chain as it is now.
     */
    Cursor resolve(EvBufferPtr ptr, long span) {
        Cursor c = ptr.cursor;
        long to = c.pos + span;
        loadFiles(to < 0 ? Long.MAX_VALUE : to);
        if (!chain.current(c)) {
            chain.seek(c, c.pos);
        }
        return c;
    }

    void loadFiles(long upTo) {
        if (chain.files > 0) {
            chain.loadFiles(upTo);
        }
    }
}
