package io.jevent.buffer.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.Charset;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * The operations that add bytes to one buffer, as libevent's {@code buffer.c} writes them: take the
 * lock, check the end they change, call the part that does the work, report the change. Arguments
 * were checked by the public EvBuffer.
 */
public final class AddOperations {
    private static final String SELF = "this EvBuffer";

    private AddOperations() {
    }

    /** {@code evbuffer_add}: refused on a frozen end even for 0 bytes, as in libevent. */
    public static void add(BufferState s, byte[] src, int off, int len) {
        Lock l = s.lock();
        try {
            s.checkEnd("add", SELF);
            if (len > 0) {
                s.chain().append(src, off, len);
                s.changed(len, 0);
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_add} of a ByteBuffer's remaining bytes; moves its position to its limit. */
    public static void add(BufferState s, ByteBuffer src) {
        int n = src.remaining();
        Lock l = s.lock();
        try {
            s.checkEnd("add", SELF);
            if (n > 0) {
                s.chain().append(src, src.position(), n);
                src.position(src.limit());
                s.changed(n, 0);
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** Text encoded with {@code cs}; {@code op} names the public operation. Returns the bytes added. */
    public static long addText(BufferState s, CharSequence text, Charset cs, String op) {
        Lock l = s.lock();
        try {
            s.checkEnd(op, SELF);
            long n = Text.append(s.chain(), text, cs);
            if (n > 0) {
                s.changed(n, 0);
            }
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * {@code evbuffer_prepend}, from {@code array} when given, else from {@code buf} (whose position
     * then moves to its limit). Prepending nothing is allowed on a frozen start, as in libevent.
     */
    public static void prepend(BufferState s, byte[] array, ByteBuffer buf, int off, int len) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            if (len > 0) {
                s.checkStart("prepend", SELF);
                if (array != null) {
                    s.chain().prepend(array, off, len);
                } else {
                    s.chain().prepend(buf, off, len);
                    buf.position(buf.limit());
                }
                s.changed(len, 0);
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_add_reference}: with nothing remaining, the cleanup runs at once. */
    public static void addReference(BufferState s, ByteBuffer data, Consumer<? super ByteBuffer> cleanup) {
        Lock l = s.lock();
        try {
            s.checkEnd("addReference", SELF);
            int n = data.remaining();
            if (n > 0) {
                s.chain().appendReference(data, cleanup);
                s.changed(n, 0);
            } else if (cleanup != null) {
                cleanup.accept(data);
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_add_file}: takes the channel over, closing it at once for 0 bytes. */
    public static void addFile(BufferState s, FileChannel file, long offset, long length) throws IOException {
        Lock l = s.lock();
        try {
            s.checkEnd("addFile", SELF);
            long size = file.size();
            long n = length == -1 ? size - offset : length;
            if (n < 0 || offset > size - n) {
                throw new IllegalArgumentException("offset " + offset + " + length " + n
                        + " is past the end of the file (size " + size + ")");
            }
            if (n == 0) {
                file.close();
            } else {
                s.chain().appendFile(file, offset, n);
                s.changed(n, 0);
            }
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_expand}. */
    public static void expand(BufferState s, long n) {
        Lock l = s.lock();
        try {
            s.checkOpen();
            s.chain().reservation().expand(n);
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_reserve_space}. */
    public static int reserve(BufferState s, long size, ByteBuffer[] vec) {
        Lock l = s.lock();
        try {
            s.checkEnd("reserve", SELF);
            return s.chain().reservation().reserve(size, vec);
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_commit_space}. */
    public static long commit(BufferState s, ByteBuffer[] vec, int n) {
        Lock l = s.lock();
        try {
            s.checkEnd("commit", SELF);
            long r = s.chain().reservation().commit(vec, n);
            if (r > 0) {
                s.changed(r, 0);
            }
            return r;
        } finally {
            BufferState.release(l);
        }
    }

    /** {@code evbuffer_read}: {@code max} bytes at most, or the learned amount for -1. */
    public static int read(BufferState s, ReadableByteChannel channel, int max) throws IOException {
        Lock l = s.lock();
        try {
            s.checkEnd("read", SELF);
            int n = s.io().read(channel, max);
            if (n > 0) {
                s.changed(n, 0);
            }
            return n;
        } finally {
            BufferState.release(l);
        }
    }
}
