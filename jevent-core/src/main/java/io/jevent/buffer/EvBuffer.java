package io.jevent.buffer;

import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.ChannelIo;
import io.jevent.buffer.internal.Cursor;
import io.jevent.buffer.internal.EvBufferAccess;
import io.jevent.buffer.internal.Finder;
import io.jevent.buffer.internal.Segment;
import io.jevent.buffer.internal.Text;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.Charset;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * A queue of bytes for network I/O: libevent's {@code struct evbuffer} ({@code event2/buffer.h}).
 * Bytes are added at the end and removed from the start; see the package documentation for the
 * model and an example.
 *
 * <p><b>Threads.</b> Without locking an EvBuffer must be used by one thread at a time, and pays
 * one branch per call for the possibility of a lock. After {@link #enableLocking} every method may
 * be called from any thread; each call takes the lock, and {@link #lock()}/{@link #unlock()} group
 * several calls into one atomic step. Callbacks run with the lock held.
 *
 * <p><b>Ownership.</b> Bytes added by copying belong to the buffer. Memory added with
 * {@link #addReference} and files added with {@link #addFile} are the buffer's until it lets go of
 * them (their cleanup runs, the file is closed). {@link ByteBuffer} views handed out by
 * {@link #peek}, {@link #pullup} and {@link #reserve} look into the buffer's own memory: they are
 * valid until the buffer next changes and must not be kept. {@link #close()} gives every byte back;
 * any other call on a closed buffer throws {@link IllegalStateException}.
 *
 * <p><b>Errors.</b> Where libevent returns -1 for misuse, jevent throws: a null, a negative count or
 * a pointer of another buffer gives {@link IllegalArgumentException} (or the JDK's usual exception
 * for arrays) naming the value, and an operation on a frozen end gives {@link IllegalStateException}
 * naming the end and what to do instead. I/O errors are {@link IOException}s.
 */
public final class EvBuffer extends BufferContents {
    static {
        EvBufferAccess.register(new Access());
    }

    /** What reads learned about the traffic; made at the first read (an output buffer never reads). */
    private ChannelIo.ReadSizer sizer;
    private byte[] lineScratch;

    /** An empty buffer ({@code evbuffer_new}). */
    public EvBuffer() {
    }

    // ------------------------------------------------------------------ lines

    /**
     * Removes the first line and returns its bytes without the end of line
     * ({@code evbuffer_readln}). One thread at a time unless locking is enabled.
     *
     * @return the line, or null when no complete line is buffered (the buffer is then unchanged)
     * @throws IllegalStateException if the start is frozen
     */
    public byte[] readLine(EolStyle style) {
        Objects.requireNonNull(style, "style");
        return (byte[]) takeLine(style, null);
    }

    /**
     * Removes the first line and returns it decoded with {@code charset}, without the end of line
     * ({@code evbuffer_readln}). Only the String is allocated. One thread at a time unless locking
     * is enabled.
     *
     * @return the line, or null when no complete line is buffered (the buffer is then unchanged)
     * @throws IllegalStateException if the start is frozen
     */
    public String readLine(EolStyle style, Charset charset) {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(charset, "charset");
        return (String) takeLine(style, charset);
    }

    /** The first line as a byte array ({@code charset == null}) or a String, or null if there is none. */
    private Object takeLine(EolStyle style, Charset charset) {
        Lock l = acquire();
        try {
            long eol = findFirstEol(style);
            if (eol < 0) {
                return null;
            }
            long n = scratch().pos;
            checkContiguous("line length", n);
            Object line;
            if (charset == null) {
                byte[] bytes = new byte[(int) n];
                if (n > 0) {
                    Chain.copy(chain.head, chain.head.start, bytes, 0, (int) n);
                }
                line = bytes;
            } else {
                if (lineScratch == null) {
                    lineScratch = new byte[256];
                }
                line = Text.decode(chain, (int) n, charset, lineScratch);
            }
            chain.drain(n + eol);
            changed(0, n + eol);
            return line;
        } finally {
            release(l);
        }
    }

    /**
     * Moves the first line, without its end of line, to the end of {@code dst} and drops the end of
     * line: {@code evbuffer_readln} without making a string. Nothing is allocated; lines shorter
     * than 1 KiB are copied, longer ones relinked. Callbacks run on {@code dst}, then on this buffer.
     * One thread at a time per buffer unless locking is enabled (both locks are taken).
     *
     * @return the number of bytes moved to {@code dst}, or -1 when no complete line is buffered
     * @throws IllegalArgumentException if {@code dst} is this buffer
     * @throws IllegalStateException if this start or {@code dst}'s end is frozen
     */
    public long readLine(EolStyle style, EvBuffer dst) {
        Objects.requireNonNull(style, "style");
        checkOther("dst", dst);
        lockBoth(dst);
        try {
            dst.end("readLine", "the destination EvBuffer");
            long eol = findFirstEol(style);
            if (eol < 0) {
                return -1;
            }
            long n = moveTo(dst, scratch().pos);
            chain.drain(eol);
            dst.changed(n, 0);
            changed(0, n + eol);
            return n;
        } finally {
            unlockBoth(dst);
        }
    }

    /** Finds the end of the first line into {@link #scratch()}; returns its length or -1. */
    private long findFirstEol(EolStyle style) {
        start("readLine");
        if (chain.files > 0) {
            loadFiles(Long.MAX_VALUE);
        }
        Cursor c = scratch();
        chain.seekStart(c);
        return c.seg == null ? -1 : EolFinder.find(c, style, scratch2(), chain.length);
    }

    /**
     * Finds the first end of line at or after {@code ptr} ({@code evbuffer_search_eol}). On success
     * moves {@code ptr} to the first byte of the end of line and returns the length of the end of
     * line; otherwise returns -1 and leaves {@code ptr} where it was. One thread at a time unless
     * locking is enabled.
     *
     * @throws IllegalArgumentException if {@code ptr} belongs to another buffer or is not set
     */
    public long searchEol(EvBufferPtr ptr, EolStyle style) {
        checkPtr(ptr);
        Objects.requireNonNull(style, "style");
        Lock l = acquire();
        try {
            open();
            checkedPosition(ptr);
            Cursor c = resolve(ptr, Long.MAX_VALUE);
            scratch().copyFrom(c);
            long eol = EolFinder.find(scratch(), style, scratch2(), chain.length);
            if (eol >= 0) {
                c.copyFrom(scratch());
            }
            return eol;
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ positions and search

    /**
     * A new pointer at offset 0 ({@code evbuffer_ptr_set(buf, &ptr, 0, EVBUFFER_PTR_SET)}). One
     * thread at a time unless locking is enabled.
     */
    public EvBufferPtr ptr() {
        Lock l = acquire();
        try {
            open();
            return new EvBufferPtr(this);
        } finally {
            release(l);
        }
    }

    boolean movePtr(EvBufferPtr ptr, long position) {
        Lock l = acquire();
        try {
            open();
            if (position > chain.length) {
                ptr.cursor.pos = -1;
                return false;
            }
            chain.seek(ptr.cursor, position);
            return true;
        } finally {
            release(l);
        }
    }

    /**
     * Finds the first occurrence of {@code pattern} at or after {@code start}
     * ({@code evbuffer_search}), also one that spans segments. An empty pattern is found at
     * {@code start}. One thread at a time unless locking is enabled.
     *
     * @param start where to begin, or null for the first byte
     * @return the offset of the match, or -1
     * @throws IllegalArgumentException if {@code start} belongs to another buffer or is not set
     */
    public long search(byte[] pattern, EvBufferPtr start) {
        return searchRange(pattern, start, null);
    }

    /**
     * As {@link #search}, but only a match that ends at or before {@code end} counts
     * ({@code evbuffer_search_range}). One thread at a time unless locking is enabled.
     *
     * @param start where to begin, or null for the first byte
     * @param end where matches must end by, or null for the end of the buffer
     * @return the offset of the match, or -1
     * @throws IllegalArgumentException if a pointer belongs to another buffer or is not set
     */
    public long searchRange(byte[] pattern, EvBufferPtr start, EvBufferPtr end) {
        Objects.requireNonNull(pattern, "pattern");
        if (start != null) {
            checkPtr(start);
        }
        if (end != null) {
            checkPtr(end);
        }
        Lock l = acquire();
        try {
            open();
            long from = start == null ? 0 : checkedPosition(start);
            long limit = end == null ? Long.MAX_VALUE : checkedPosition(end);
            if (pattern.length == 0) {
                return from;
            }
            Cursor c;
            if (start == null) {
                loadFiles(Long.MAX_VALUE);
                c = scratch();
                chain.seekStart(c);
            } else {
                c = resolve(start, Long.MAX_VALUE);
            }
            scratch2().copyFrom(c);
            return Finder.indexOf(scratch2(), pattern, limit, chain.length);
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ zero-copy access

    /**
     * Fills {@code out} with read-only views of the buffer's memory from {@code start}
     * ({@code evbuffer_peek}), one per segment, without copying. The first view begins at
     * {@code start}; later ones are whole segments, so the views may cover more than {@code len}.
     * The views stay valid until the buffer next changes. One thread at a time unless locking is enabled.
     *
     * @param len how many bytes to cover, or -1 for as many as {@code out} can describe (or, with
     *     no slots, all of them)
     * @param start where to begin, or null for the first byte
     * @param out where to put the views; null or empty to only count them
     * @return the number of views needed, which may be more than {@code out.length}
     * @throws IllegalArgumentException if {@code len} is below -1 or {@code start} is foreign or unset
     */
    public int peek(long len, EvBufferPtr start, ByteBuffer[] out) {
        checkPeek(len, start);
        Lock l = acquire();
        try {
            open();
            return peekLocked(len, start, out);
        } finally {
            release(l);
        }
    }

    /**
     * As {@link #peek(long, EvBufferPtr, ByteBuffer[])}, returning exactly the views needed to
     * cover {@code len} bytes (-1: all) in a new array. One thread at a time unless locking is enabled.
     */
    public ByteBuffer[] peek(long len, EvBufferPtr start) {
        checkPeek(len, start);
        Lock l = acquire();
        try {
            open();
            ByteBuffer[] out = new ByteBuffer[peekLocked(len, start, null)];
            peekLocked(len, start, out);
            return out;
        } finally {
            release(l);
        }
    }

    private void checkPeek(long len, EvBufferPtr start) {
        if (len < -1) {
            throw new IllegalArgumentException("len < -1: " + len);
        }
        if (start != null) {
            checkPtr(start);
        }
    }

    private int peekLocked(long len, EvBufferPtr start, ByteBuffer[] out) {
        int slots = out == null ? 0 : out.length;
        long from = start == null ? 0 : checkedPosition(start);
        long to = len < 0 ? Long.MAX_VALUE : from + len;
        Cursor c;
        if (start == null) {
            loadFiles(to);
            c = scratch();
            chain.seekStart(c);
        } else {
            c = resolve(start, to - from);
        }
        Segment s = c.seg;
        if (s == null) {
            return 0;
        }
        int n = 0;
        long covered = 0;
        if (start != null) {
            if (slots > 0) {
                out[0] = s.readView(c.index, s.end);
            }
            covered = s.end - c.index;
            n = 1;
            s = s.next;
        }
        long want = slots == 0 && len < 0 ? chain.length - from : len;
        for (; s != null; s = s.next) {
            if (want >= 0 && covered >= want) {
                break;
            }
            if (n < slots) {
                out[n] = s.readView(s.start, s.end);
            } else if (want < 0) {
                break;
            }
            n++;
            covered += s.size();
        }
        return n;
    }

    /**
     * Hands out free memory at the end for the caller to fill ({@code evbuffer_reserve_space}). With
     * one slot the extent is contiguous and at least {@code size} bytes; with two or more, at most
     * two extents (the last segment's free room, then a new segment) that together hold at least
     * {@code size}, or none for a size of 0. Each extent is the buffer's own writable memory,
     * positioned where writing starts: fill it with relative puts or a channel read, then call
     * {@link #commit}. Reserving again before committing hands out the same space. One thread at a
     * time unless locking is enabled.
     *
     * @return the number of extents put in {@code vec}
     * @throws IllegalArgumentException if {@code size} is negative or too large, or {@code vec} is empty
     * @throws IllegalStateException if the end is frozen
     */
    public int reserve(long size, ByteBuffer[] vec) {
        checkContiguous("size", size);
        if (vec.length == 0) {
            throw new IllegalArgumentException("vec has length 0: pass an array with room for at least one extent");
        }
        Lock l = acquire();
        try {
            end("reserve");
            return chain.reservation().reserve(size, vec);
        } finally {
            release(l);
        }
    }

    /**
     * Makes the bytes written into the first {@code n} reserved extents part of the buffer
     * ({@code evbuffer_commit_space}): each extent counts from where {@link #reserve} positioned it
     * up to its position now. As in libevent, the extents must be the ones just reserved, in order
     * (committing only the second is allowed), with nothing added in between. One thread at a time
     * unless locking is enabled.
     *
     * @return the number of bytes committed
     * @throws IllegalArgumentException if an extent is not reserved space of this buffer or was
     *     positioned outside it, or {@code n} is not in {@code [0, vec.length]}
     * @throws IllegalStateException if the end is frozen, nothing was reserved, or the buffer
     *     changed since
     */
    public long commit(ByteBuffer[] vec, int n) {
        Objects.checkFromIndexSize(0, n, vec.length);
        Lock l = acquire();
        try {
            end("commit");
            long r = chain.reservation().commit(vec, n);
            if (r == -2) {
                throw new IllegalStateException("commit: nothing is reserved, or the buffer changed since reserve(); call reserve() again");
            }
            if (r == -1) {
                throw new IllegalArgumentException("commit: the " + n + " extents are not the space reserve() handed"
                        + " out, in order, or one was positioned outside it");
            }
            changed(r, 0);
            return r;
        } finally {
            release(l);
        }
    }

    // ------------------------------------------------------------------ channel I/O

    /**
     * Reads from {@code channel} straight into the buffer's memory with one read, scattering over
     * several segments when the channel allows ({@code evbuffer_read}). With {@code max == -1} the
     * amount is learned from the traffic: one 8 KiB segment at first, doubling after every read
     * that filled what was offered up to 256 KiB, halving after two small reads in a row. One
     * thread at a time unless locking is enabled.
     *
     * @param max the most bytes to read, or -1 to let the buffer choose
     * @return bytes read, 0 if a non-blocking channel had none, -1 at end of stream
     * @throws IllegalArgumentException if {@code max} is below -1
     * @throws IllegalStateException if the end is frozen
     * @throws IOException from the channel
     */
    public int read(ReadableByteChannel channel, int max) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (max < -1) {
            throw new IllegalArgumentException("max < -1: " + max);
        }
        Lock l = acquire();
        try {
            end("read");
            return readLocked(channel, max);
        } finally {
            release(l);
        }
    }

    private int readLocked(ReadableByteChannel channel, int max) throws IOException {
        return readDone(ChannelIo.read(chain, channel, max, sizer()));
    }

    private ChannelIo.ReadSizer sizer() {
        ChannelIo.ReadSizer s = sizer;
        return s != null ? s : (sizer = new ChannelIo.ReadSizer());
    }

    private int readDone(int r) {
        if (r > 0) {
            changed(r, 0);
        }
        return r;
    }

    /** Writes as much as the channel takes in one call ({@code evbuffer_write}); see {@link #writeAtMost}. */
    public long write(GatheringByteChannel channel) throws IOException {
        return writeAtMost(channel, -1);
    }

    /**
     * Writes up to {@code n} bytes from the start to {@code channel} with one gathering write, and
     * removes what was written ({@code evbuffer_write_atmost}). A file segment at the start goes
     * alone, with {@link FileChannel#transferTo}. One thread at a time unless locking is enabled.
     *
     * @param n the most bytes to write, or -1 for no limit
     * @return the number of bytes written, 0 if a non-blocking channel took none
     * @throws IllegalArgumentException if {@code n} is below -1
     * @throws IllegalStateException if the start is frozen
     * @throws IOException from the channel (or from reading a file segment)
     */
    public long writeAtMost(GatheringByteChannel channel, long n) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (n < -1) {
            throw new IllegalArgumentException("n < -1: " + n);
        }
        Lock l = acquire();
        try {
            start("write");
            return writeLocked(channel, n);
        } finally {
            release(l);
        }
    }

    private long writeLocked(GatheringByteChannel channel, long n) throws IOException {
        long w = ChannelIo.write(chain, channel, n < 0 ? Long.MAX_VALUE : n);
        if (w > 0) {
            changed(0, w);
        }
        return w;
    }

    /** The operations jevent's bufferevent layer needs and users must not have. */
    private static final class Access extends EvBufferAccess {
        @Override
        public void setOwnerHint(EvBuffer buffer, boolean front, String hint) {
            Lock l = buffer.acquire();
            try {
                if (front) {
                    buffer.startOwner = hint;
                } else {
                    buffer.endOwner = hint;
                }
            } finally {
                release(l);
            }
        }

        @Override
        public void setAddListener(EvBuffer buffer, Runnable listener) {
            Lock l = buffer.acquire();
            try {
                buffer.addListener = listener;
            } finally {
                release(l);
            }
        }

        @Override
        public CallbackEntry addImmediateCallback(EvBuffer buffer, EvBufferCallback callback) {
            return buffer.addCallback(callback, true);
        }

        @Override
        public int readAsOwner(EvBuffer buffer, ReadableByteChannel channel, int max) throws IOException {
            Lock l = buffer.acquire();
            try {
                buffer.open();
                return buffer.readDone(ChannelIo.readLearned(buffer.chain, channel, max, buffer.sizer()));
            } finally {
                release(l);
            }
        }

        @Override
        public long writeAsOwner(EvBuffer buffer, GatheringByteChannel channel, long max) throws IOException {
            Lock l = buffer.acquire();
            try {
                buffer.open();
                return buffer.writeLocked(channel, max);
            } finally {
                release(l);
            }
        }
    }
}
