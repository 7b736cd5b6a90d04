package io.jevent.buffer.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.Charset;
import java.util.concurrent.locks.Lock;

/**
 * The operations that look at or take bytes from the start of one buffer, as libevent's
 * {@code buffer.c} writes them: take the lock, check the start when they change it and only when
 * there is something to take, call the part that does the work, report the change.
 */
public final class ReadOperations {
    private static final String SELF = "this EvBuffer";

    private ReadOperations() {
    }

    /** {@code evbuffer_get_length}. */
    public static long length(BufferState s) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            return s.chain().length();
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_get_contiguous_space}. */
    public static long contiguousSpace(BufferState s) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            return s.chain().headSize();
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * {@code evbuffer_remove} (with {@code take}) or {@code evbuffer_copyout} into an array: up to
     * {@code len} bytes. Copying is allowed on a frozen start, since it changes nothing.
     */
    public static int copy(BufferState s, byte[] dst, int off, int len, boolean take) {
        Lock l = s.lock();
        try {
            int n = available(s, len, take);
            s.chain().copyOut(null, 0, dst, off, n);
            return take ? drained(s, n) : n;
        } finally {
            BufferState.release(l);
        }
    }

    /** As {@link #copy(BufferState, byte[], int, int, boolean)} into a ByteBuffer, advancing it. */
    public static int copy(BufferState s, ByteBuffer dst, boolean take) {
        Lock l = s.lock();
        try {
            int n = available(s, dst.remaining(), take);
            s.chain().copyOut(null, 0, dst, n);
            return take ? drained(s, n) : n;
        } finally {
            BufferState.release(l);
        }
    }

    private static int available(BufferState s, int len, boolean take) {
        s.checkOpen();
        int n = (int) Math.min(len, s.chain().length());
        if (take && n > 0) {
            s.checkStart("remove", SELF);
        }
        return n;
    }

    private static int drained(BufferState s, int n) {
        if (n > 0) {
            s.chain().drain(n);
            s.changed(0, n);
        }
        return n;
    }

    /** {@code evbuffer_drain}: as in libevent, refused on a frozen start unless the buffer is empty. */
    public static long drain(BufferState s, long n) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            Chain c = s.chain();
            long d = Math.min(n, c.length());
            if (c.length() > 0) {
                s.checkStart("drain", SELF);
            }
            if (d > 0) {
                c.drain(d);
                s.changed(0, d);
            }
            return d;
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_pullup}: null when {@code size} is 0 or more than the length. */
    public static ByteBuffer pullup(BufferState s, long n) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            Chain c = s.chain();
            long size = n == -1 ? c.length() : n;
            if (size == 0 || size > c.length()) {
                return null;
            }
            if (size > BufferState.MAX_CONTIGUOUS) {
                throw new IllegalArgumentException("n > " + BufferState.MAX_CONTIGUOUS + ": " + size);
            }
            return c.pullup((int) size);
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_readln}: the line's bytes ({@code cs == null}) or String, or null if none. */
    public static Object readLine(BufferState s, int style, Charset cs) {
        Lock l = s.lock();
        try {
            s.checkStart("readLine", SELF);
            long before = s.chain().length();
            Object line = cs == null ? s.scanner().takeLine(style) : s.scanner().takeLine(style, cs);
            long removed = before - s.chain().length();
            if (removed > 0) {
                s.changed(0, removed);
            }
            return line;
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_search} from the first byte: the offset of {@code pattern}, or -1. */
    public static long search(BufferState s, byte[] pattern) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            return pattern.length == 0 ? 0 : s.scanner().search(pattern, null, Long.MAX_VALUE);
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_peek} from the first byte; {@code out} null to count only. */
    public static int peek(BufferState s, long len, ByteBuffer[] out) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            return Peek.views(s.chain(), null, 0, len, out);
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_peek} from the first byte into a new array of exactly the views needed. */
    public static ByteBuffer[] peekAll(BufferState s, long len) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            ByteBuffer[] out = new ByteBuffer[Peek.views(s.chain(), null, 0, len, null)];
            Peek.views(s.chain(), null, 0, len, out);
            return out;
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_write_atmost}: returns the bytes written and removed. */
    public static long write(BufferState s, GatheringByteChannel channel, long max) throws IOException {
        Lock l = s.lock();
        try {
            s.checkStart("write", SELF);
            long w = s.io().write(channel, max);
            if (w > 0) {
                s.changed(0, w);
            }
            return w;
        } finally {
            BufferState.release(l);
        }
    }
}
