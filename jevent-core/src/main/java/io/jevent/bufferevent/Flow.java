package io.jevent.bufferevent;

import io.jevent.Ev;
import io.jevent.buffer.internal.BufferPort;

/**
 * Which directions of a BufferEvent run, and what pauses them: libevent's {@code enabled}, its
 * suspension reasons ({@code BEV_SUSPEND_*}: a direction stops while any is set) and the
 * watermarks. EOF, errors and timeouts clear enabled bits; the read high watermark suspends
 * reading until the user drains the input below it. Guarded by the BufferEvent: its loop thread,
 * or its lock.
 */
final class Flow implements BufferPort.Listener {
    static final int SUSPEND_WATERMARK = 0x01;
    /** The BufferEvent's own token bucket is empty. */
    static final int SUSPEND_BANDWIDTH = 0x02;
    /** Its rate-limit group's bucket is empty. */
    static final int SUSPEND_GROUP = 0x04;
    static final int SUSPEND_LOOKUP = 0x08;
    /** A filter over this BufferEvent is not reading. */
    static final int SUSPEND_FILTER = 0x10;

    private final BufferEvent bev;
    /** What is enabled now; volatile so that {@code enabled()} may answer any thread. */
    volatile int enabled = Ev.WRITE;
    /** What the user last enabled; {@code reuse} restores it for a new connection. */
    int userEnabled = Ev.WRITE;
    int readSuspended;
    int writeSuspended;
    long readLow;
    long readHigh;
    long writeLow;
    long writeHigh;

    Flow(BufferEvent bev) {
        this.bev = bev;
    }

    /** The user enables {@code what} (libevent's {@code bufferevent_enable}). */
    void enable(int what) {
        userEnabled |= what;
        enabled |= what;
        start(what);
    }

    /** Starts the I/O of {@code what}, except a direction that is suspended. */
    void start(int what) {
        int effective = what;
        if (readSuspended != 0) {
            effective &= ~Ev.READ;
        }
        if (writeSuspended != 0) {
            effective &= ~Ev.WRITE;
        }
        if (effective != 0) {
            bev.enableIo(effective);
        }
    }

    /** Stops {@code what} until enabled again; the user's wish is kept for {@code reuse}. */
    void disable(int what) {
        enabled &= ~what;
        bev.disableIo(what);
    }

    boolean reading() {
        return (enabled & Ev.READ) != 0 && readSuspended == 0;
    }

    boolean writing() {
        return (enabled & Ev.WRITE) != 0 && writeSuspended == 0;
    }

    static void checkWatermarks(long low, long high) {
        if (low < 0 || high < 0) {
            throw new IllegalArgumentException("watermarks cannot be negative: low " + low + ", high " + high
                    + "; use 0 for \"no watermark\"");
        }
        if (high != 0 && low > high) {
            throw new IllegalArgumentException("low watermark " + low + " is above high watermark " + high
                    + ": the read callback would never run");
        }
    }

    /** {@code bufferevent_setwatermark}, values checked by {@link #checkWatermarks}. */
    void setWatermark(int what, long low, long high, long inputLength) {
        if ((what & Ev.WRITE) != 0) {
            writeLow = low;
            writeHigh = high;
        }
        if ((what & Ev.READ) != 0) {
            readLow = low;
            readHigh = high;
            inputChanged(inputLength);
        }
    }

    long watermark(int what, boolean low) {
        return what == Ev.READ ? (low ? readLow : readHigh) : (low ? writeLow : writeHigh);
    }

    /**
     * A buffer of the BufferEvent changed: bytes added to the output are to be written; the
     * input's length decides whether reading pauses.
     */
    @Override
    public void changed(boolean start, long length, long added, long deleted) {
        if (!start) {
            inputChanged(length);
        } else if (added > 0) {
            bev.outputAdded();
        }
    }

    /** libevent's {@code bufferevent_inbuf_wm_cb}: the input's length decides whether reading pauses. */
    void inputChanged(long length) {
        if (readHigh != 0 && length >= readHigh) {
            suspendRead(SUSPEND_WATERMARK);
        } else {
            unsuspendRead(SUSPEND_WATERMARK);
        }
    }

    void suspendRead(int reason) {
        if (readSuspended == 0) {
            bev.disableIo(Ev.READ);
        }
        readSuspended |= reason;
    }

    void unsuspendRead(int reason) {
        if (readSuspended == 0) {
            return;
        }
        readSuspended &= ~reason;
        if (readSuspended == 0 && (enabled & Ev.READ) != 0) {
            bev.enableIo(Ev.READ);
        }
    }

    void suspendWrite(int reason) {
        if (writeSuspended == 0) {
            bev.disableIo(Ev.WRITE);
        }
        writeSuspended |= reason;
    }

    void unsuspendWrite(int reason) {
        if (writeSuspended == 0) {
            return;
        }
        writeSuspended &= ~reason;
        if (writeSuspended == 0 && (enabled & Ev.WRITE) != 0) {
            bev.enableIo(Ev.WRITE);
        }
    }

    /** A new connection: what the user enabled comes back, and no lookup is pending any more. */
    void reset() {
        enabled = userEnabled;
        readSuspended &= ~SUSPEND_LOOKUP;
        writeSuspended &= ~SUSPEND_LOOKUP;
    }
}
