package io.jevent.buffer.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file handed to an EvBuffer with {@code addFile}: its channel plus a count of the FILE segments
 * that still refer to it, in any buffer on any thread. Like libevent's file segments added with
 * {@code evbuffer_add_file}, the buffers own the channel and close it when the last segment goes.
 */
final class FileRegion {
    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(FileRegion.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FileChannel channel;
    @SuppressWarnings("unused")
    private volatile int refs;

    FileRegion(FileChannel channel, int segments) {
        this.channel = channel;
        this.refs = segments;
    }

    void retain() {
        REFS.getAndAdd(this, 1);
    }

    void release() {
        if ((int) REFS.getAndAdd(this, -1) == 1) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing is waiting for this file any more and a read-only close has nothing to flush.
            }
        }
    }

    /**
     * Sends up to {@code count} bytes from {@code position} with {@link FileChannel#transferTo}, which
     * the JDK turns into sendfile(2) when the target is a socket.
     */
    long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return channel.transferTo(position, count, target);
    }

    /**
     * Reads {@code length} bytes from {@code position} into a run of pooled segments linked through
     * {@link Segment#next}. On failure every segment goes back and the exception is thrown.
     */
    Segment load(long position, int length) {
        Segment first = null;
        Segment last = null;
        int remaining = length;
        long at = position;
        try {
            while (remaining > 0) {
                Segment m = SegmentPool.take();
                if (first == null) {
                    first = m;
                } else {
                    last.next = m;
                }
                last = m;
                int k = Math.min(Segment.SIZE, remaining);
                readFully(m.ioView(0, k), at);
                m.buf.clear();
                m.end = k;
                at += k;
                remaining -= k;
            }
        } catch (RuntimeException e) {
            SegmentPool.recycleAll(first);
            throw e;
        }
        return first;
    }

    /** Fills {@code dst} completely from {@code position}, with positional reads that leave the channel alone. */
    private void readFully(ByteBuffer dst, long position) {
        try {
            long p = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, p);
                if (n < 0) {
                    throw new EOFException("file ended at " + p + " before the bytes added to the EvBuffer");
                }
                p += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a file segment into memory", e);
        }
    }
}
