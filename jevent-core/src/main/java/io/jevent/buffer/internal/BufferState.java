package io.jevent.buffer.internal;

import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Function;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one EvBuffer guards, and the rules around it: its chain of segments; who may change it
 * when (closing, {@code evbuffer_enable_locking}, {@code evbuffer_freeze}, an owner that holds an
 * end); and who hears about changes ({@code evbuffer_add_cb}, the owner's listener).
 *
 * <p>The public EvBuffer checks its arguments, takes the lock here, asks this class whether the
 * operation is allowed, makes one call into the part that does the work ({@link Chain},
 * {@link ChannelIo}, {@link Scanner}, {@link Peek}, {@link Reservation}, {@link Text}) and reports
 * the change with {@link #changed}. An owner ({@link BufferPort}) goes through the same lock and
 * the same report, past the freeze it holds.
 */
public final class BufferState implements BufferPort {
    /** The largest contiguous run of bytes a single ByteBuffer or array can hold. */
    public static final int MAX_CONTIGUOUS = Integer.MAX_VALUE - 8;
    private static final int CLOSED = 1;
    private static final int FROZEN_START = 2;
    private static final int FROZEN_END = 4;
    private static final Object TIE = new Object();
    private static volatile Function<Object, BufferState> states;

    private final Chain chain = new Chain();
    private Lock lock;
    /** One word for closed and both freezes, so that each call checks one field. */
    private int bits;
    private String startOwner;
    private String endOwner;
    private ChangeListener callbacks;
    private Listener ownerListener;
    // Made on first use, so that a buffer that only carries bytes costs no more memory than it must.
    private Scanner scanner;
    private ChannelIo io;

    /** The chain; touch it only while holding {@link #lock()} and after the checks. */
    public Chain chain() {
        return chain;
    }

    /** Called once, by EvBuffer's static initializer: how to find an EvBuffer's state. */
    public static void register(Function<Object, BufferState> accessor) {
        states = accessor;
    }

    static BufferState of(Object buffer) {
        return states.apply(buffer);
    }

    /** A short name for messages: "EvBuffer@" and the identity hash. */
    public String name() {
        return "EvBuffer@" + Integer.toHexString(System.identityHashCode(this));
    }

    public Scanner scanner() {
        Scanner s = scanner;
        return s != null ? s : (scanner = new Scanner(chain));
    }

    public ChannelIo io() {
        ChannelIo c = io;
        return c != null ? c : (io = new ChannelIo(chain));
    }

    // ------------------------------------------------------------------ locking

    /**
     * Uses {@code l} from now on. Called before the buffer is shared.
     *
     * @throws IllegalStateException if locking is already enabled
     */
    public void enableLocking(Lock l, Object who) {
        if (lock != null) {
            throw new IllegalStateException("locking is already enabled on " + who);
        }
        lock = l == null ? new ReentrantLock() : l;
    }

    /** Takes the lock if locking is enabled; returns what to give to {@link #release}. */
    public Lock lock() {
        Lock l = lock;
        if (l != null) {
            l.lock();
        }
        return l;
    }

    /** Releases the lock taken by {@link #lock()} (for the public {@code unlock()}). */
    public void unlock() {
        release(lock);
    }

    public static void release(Lock l) {
        if (l != null) {
            l.unlock();
        }
    }

    /**
     * Locks two buffers for one operation, a shared lock once, two locks in an order every thread
     * agrees on: by the locks themselves, as libevent's {@code EVLOCK_LOCK2} orders by address, not
     * by the buffers, which would order a lock shared by several buffers inconsistently against a
     * third. Identity hashes stand in for addresses; two locks with the same hash are taken under
     * a global tie-breaking monitor.
     */
    public static void lockBoth(BufferState a, BufferState b) {
        Lock x = a.lock;
        Lock y = b.lock;
        if (x == null || y == null || x == y) {
            if (x != null) {
                x.lock();
            } else if (y != null) {
                y.lock();
            }
            return;
        }
        int hx = System.identityHashCode(x);
        int hy = System.identityHashCode(y);
        if (hx == hy) {
            synchronized (TIE) {
                x.lock();
                y.lock();
            }
        } else if (hx < hy) {
            x.lock();
            y.lock();
        } else {
            y.lock();
            x.lock();
        }
    }

    public static void unlockBoth(BufferState a, BufferState b) {
        Lock x = a.lock;
        Lock y = b.lock;
        if (y != null && y != x) {
            y.unlock();
        }
        if (x != null) {
            x.unlock();
        }
    }

    // ------------------------------------------------------------------ checks

    public boolean isClosed() {
        return (bits & CLOSED) != 0;
    }

    /** Throws unless open. */
    public void checkOpen() {
        if ((bits & CLOSED) != 0) {
            throw closedError();
        }
    }

    /**
     * Throws unless open and the start may change, naming the frozen end and the way out.
     *
     * @param op   the operation, for the message
     * @param whom "this EvBuffer", or the buffer's role in a two-buffer operation
     */
    public void checkStart(String op, String whom) {
        if ((bits & (CLOSED | FROZEN_START)) != 0) {
            throw (bits & CLOSED) != 0 ? closedError() : frozenError(op, true, whom);
        }
    }

    /** Throws unless open and the end may change, naming the frozen end and the way out. */
    public void checkEnd(String op, String whom) {
        if ((bits & (CLOSED | FROZEN_END)) != 0) {
            throw (bits & CLOSED) != 0 ? closedError() : frozenError(op, false, whom);
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(name() + " is closed");
    }

    private IllegalStateException frozenError(String op, boolean start, String whom) {
        String owner = start ? startOwner : endOwner;
        StringBuilder m = new StringBuilder(op).append(": the ").append(start ? "start" : "end")
                .append(" of ").append(whom).append(" is frozen");
        if (owner != null) {
            m.append(" by ").append(owner);
        } else {
            m.append("; call unfreeze(Side.").append(start ? "START" : "END").append(") first")
                    .append(start ? " to remove or prepend bytes" : " to add bytes");
        }
        return new IllegalStateException(m.toString());
    }

    /**
     * {@code evbuffer_freeze} ({@code frozen}) or {@code _unfreeze} of the start ({@code start}) or
     * the end; refused while an owner holds that end. Takes the lock.
     */
    public void setFrozen(boolean start, boolean frozen) {
        Lock l = lock();
        try {
            checkOpen();
            String owner = start ? startOwner : endOwner;
            if (owner != null) {
                throw new IllegalStateException("the " + (start ? "start" : "end") + " of " + name()
                        + " is held by " + owner);
            }
            int bit = start ? FROZEN_START : FROZEN_END;
            bits = frozen ? bits | bit : bits & ~bit;
        } finally {
            release(l);
        }
    }

    /** An owner takes one end: it stays frozen for everyone else until released. */
    BufferPort hold(boolean start, String owner, Listener listener) {
        Lock l = lock();
        try {
            holdLocked(start, owner);
            if (listener != null) {
                ownerListener = listener;
            }
            return this;
        } finally {
            release(l);
        }
    }

    private void holdLocked(boolean start, String owner) {
        checkOpen();
        if ((start ? startOwner : endOwner) != null) {
            throw new IllegalStateException("the " + (start ? "start" : "end") + " of " + name()
                    + " already has an owner: " + (start ? startOwner : endOwner));
        }
        if (start) {
            startOwner = owner;
            bits |= FROZEN_START;
        } else {
            endOwner = owner;
            bits |= FROZEN_END;
        }
    }

    // ------------------------------------------------------------------ the owner's port

    @Override
    public int read(ReadableByteChannel channel, int cap) throws IOException {
        Lock l = lock();
        try {
            checkOpen();
            int n = io().readLearned(channel, cap);
            if (n > 0) {
                changed(n, 0);
            }
            return n;
        } finally {
            release(l);
        }
    }

    @Override
    public long write(GatheringByteChannel channel, long max) throws IOException {
        Lock l = lock();
        try {
            checkOpen();
            long n = io().write(channel, max);
            if (n > 0) {
                changed(0, n);
            }
            return n;
        } finally {
            release(l);
        }
    }

    @Override
    public long moveTo(BufferPort dst, long max) {
        BufferState d = (BufferState) dst;
        lockBoth(this, d);
        try {
            if ((bits & CLOSED) != 0 || (d.bits & CLOSED) != 0 || this == d) {
                return 0;
            }
            long n = Math.min(max, chain.length);
            if (n <= 0) {
                return 0;
            }
            long moved = chain.move(d.chain, n);
            changed(0, moved);
            d.changed(moved, 0);
            return moved;
        } finally {
            unlockBoth(this, d);
        }
    }

    @Override
    public void lift() {
        Lock l = lock();
        try {
            bits &= ~((startOwner != null ? FROZEN_START : 0) | (endOwner != null ? FROZEN_END : 0));
        } finally {
            release(l);
        }
    }

    @Override
    public void restore() {
        Lock l = lock();
        try {
            bits |= (startOwner != null ? FROZEN_START : 0) | (endOwner != null ? FROZEN_END : 0);
        } finally {
            release(l);
        }
    }

    @Override
    public long length() {
        Lock l = lock();
        try {
            return chain.length;
        } finally {
            release(l);
        }
    }

    @Override
    public void clear() {
        Lock l = lock();
        try {
            long n = chain.length;
            if ((bits & CLOSED) == 0 && n > 0) {
                chain.drain(n);
                changed(0, n);
            }
        } finally {
            release(l);
        }
    }

    @Override
    public void release() {
        Lock l = lock();
        try {
            if (startOwner != null) {
                startOwner = null;
                bits &= ~FROZEN_START;
            }
            if (endOwner != null) {
                endOwner = null;
                bits &= ~FROZEN_END;
            }
            ownerListener = null;
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ changes

    /** Installs the user callbacks' listener (made when the first callback is added). */
    /** The user callbacks' listener, or null before the first callback. */
    public ChangeListener callbacks() {
        return callbacks;
    }

    public void setCallbacks(ChangeListener c) {
        callbacks = c;
    }

    /**
     * Reports a change in length: first to the user's callbacks, then to the owner. Call with the
     * lock held, after the chain changed, only when something did.
     */
    public void changed(long added, long deleted) {
        // Most buffers have no one to tell: keep that path two loads and a branch, and the calls
        // out of line, so that the operations inlining this stay small enough to be inlined too.
        if (callbacks != null || ownerListener != null) {
            tell(added, deleted);
        }
    }

    private void tell(long added, long deleted) {
        ChangeListener c = callbacks;
        if (c != null) {
            c.changed(chain.length, added, deleted);
        }
        Listener o = ownerListener;
        if (o != null) {
            o.changed(startOwner != null, chain.length, added, deleted);
        }
    }

    /**
     * Closes: gives every segment back and stops reporting. The caller reports nothing more.
     *
     * @return false if it was closed already
     */
    public boolean close() {
        if ((bits & CLOSED) != 0) {
            return false;
        }
        bits |= CLOSED;
        chain.releaseAll();
        callbacks = null;
        ownerListener = null;
        return true;
    }
}
