package io.jevent.buffer;

import io.jevent.EventBase;
import io.jevent.buffer.internal.BufferPort;
import io.jevent.buffer.internal.BufferState;
import io.jevent.buffer.internal.Chain;
import io.jevent.buffer.internal.Peek;
import io.jevent.buffer.internal.Text;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * A queue of bytes for network I/O: libevent's {@code struct evbuffer} ({@code event2/buffer.h}).
 * Bytes are added at the end and removed from the start; see the package documentation for the
 * model and an example.
 *
 * <p><b>Threads.</b> Without locking an EvBuffer must be used by one thread at a time ("one
 * thread" below), and pays one branch per call for the possibility of a lock. After
 * {@link #enableLocking} every method may be called from any thread; each call takes the lock, and
 * {@link #lock()}/{@link #unlock()} group several calls into one atomic step. Callbacks run with
 * the lock held.
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
 * naming the end and what to do instead. As in libevent, an operation with nothing to do (draining
 * an empty buffer, moving an empty one) is not refused because an end is frozen. I/O errors are
 * {@link IOException}s.
 */
public final class EvBuffer implements AutoCloseable {
    private static final String SELF = "this EvBuffer";

    static {
        BufferPort.register(b -> ((EvBuffer) b).state);
    }

    final BufferState state = new BufferState();
    private final Chain chain = state.chain();
    private Callbacks callbacks;

    /** An empty buffer ({@code evbuffer_new}). */
    public EvBuffer() {
    }

    // ------------------------------------------------------------------ size

    /** Number of bytes held ({@code evbuffer_get_length}). One thread. */
    public long length() {
        Lock l = state.lock();
        try {
            state.checkOpen();
            return chain.length();
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Number of bytes in the first segment, which {@link #pullup} returns without copying
     * ({@code evbuffer_get_contiguous_space}); 0 when empty. One thread.
     */
    public long contiguousSpace() {
        Lock l = state.lock();
        try {
            state.checkOpen();
            return chain.headSize();
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Makes room so that adding {@code n} more bytes needs no new memory ({@code evbuffer_expand}).
     * Up to 8 KiB comes from the shared pool; more is one heap block. One thread.
     *
     * @throws IllegalArgumentException if {@code n} is negative or larger than a ByteBuffer can be
     */
    public void expand(long n) {
        checkContiguous("n", n);
        Lock l = state.lock();
        try {
            state.checkOpen();
            chain.reservation().expand(n);
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ adding

    /**
     * Appends a copy of {@code src} ({@code evbuffer_add}). One thread.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(byte[] src) {
        return add(src, 0, src.length);
    }

    /**
     * Appends a copy of {@code len} bytes of {@code src} from {@code off} ({@code evbuffer_add}).
     * One thread.
     *
     * @return this buffer
     * @throws IndexOutOfBoundsException if the range is not inside {@code src}
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        Lock l = state.lock();
        try {
            state.checkEnd("add", SELF);
            if (len > 0) {
                chain.append(src, off, len);
                state.changed(len, 0);
            }
        } finally {
            BufferState.release(l);
        }
        return this;
    }

    /**
     * Appends a copy of the bytes between {@code src}'s position and limit and moves its position to
     * its limit ({@code evbuffer_add}). One thread.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(ByteBuffer src) {
        int n = src.remaining();
        Lock l = state.lock();
        try {
            state.checkEnd("add", SELF);
            if (n > 0) {
                chain.append(src, src.position(), n);
                src.position(src.limit());
                state.changed(n, 0);
            }
        } finally {
            BufferState.release(l);
        }
        return this;
    }

    /**
     * Appends {@code text} encoded with {@code charset}; unmappable characters become {@code '?'}.
     * UTF-8, ISO-8859-1 and US-ASCII are encoded straight into the buffer. One thread.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(CharSequence text, Charset charset) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        addText(text, charset, "add");
        return this;
    }

    /**
     * Appends {@code String.format(Locale.ROOT, format, args)} in UTF-8 ({@code evbuffer_add_printf}).
     * One thread.
     *
     * @return the number of bytes added
     * @throws java.util.IllegalFormatException if the format is bad for the arguments
     * @throws IllegalStateException if the end is frozen
     */
    public long addPrintf(String format, Object... args) {
        return addText(String.format(Locale.ROOT, format, args), StandardCharsets.UTF_8, "addPrintf");
    }

    private long addText(CharSequence text, Charset charset, String op) {
        Lock l = state.lock();
        try {
            state.checkEnd(op, SELF);
            long n = Text.append(chain, text, charset);
            if (n > 0) {
                state.changed(n, 0);
            }
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Inserts a copy of {@code src} before the first byte ({@code evbuffer_prepend}). One thread.
     *
     * @return this buffer
     * @throws IllegalStateException if the start is frozen and {@code src} is not empty
     */
    public EvBuffer prepend(byte[] src) {
        return prepend(src, 0, src.length);
    }

    /**
     * Inserts a copy of {@code len} bytes of {@code src} before the first byte
     * ({@code evbuffer_prepend}); prepending nothing is allowed on a frozen start. One thread.
     *
     * @return this buffer
     * @throws IndexOutOfBoundsException if the range is not inside {@code src}
     * @throws IllegalStateException if the start is frozen and {@code len > 0}
     */
    public EvBuffer prepend(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        return prepend(src, null, off, len);
    }

    /**
     * Inserts a copy of {@code src}'s remaining bytes before the first byte and moves its position
     * to its limit ({@code evbuffer_prepend}). One thread.
     *
     * @return this buffer
     * @throws IllegalStateException if the start is frozen and {@code src} has bytes remaining
     */
    public EvBuffer prepend(ByteBuffer src) {
        return prepend(null, src, src.position(), src.remaining());
    }

    private EvBuffer prepend(byte[] array, ByteBuffer buf, int off, int len) {
        Lock l = state.lock();
        try {
            if (len == 0) {
                state.checkOpen();
                return this;
            }
            state.checkStart("prepend", SELF);
            if (array != null) {
                chain.prepend(array, off, len);
            } else {
                chain.prepend(buf, off, len);
                buf.position(buf.limit());
            }
            state.changed(len, 0);
        } finally {
            BufferState.release(l);
        }
        return this;
    }

    /**
     * Appends the bytes between {@code data}'s position and limit without copying them
     * ({@code evbuffer_add_reference}). The buffer reads them from {@code data}'s memory until they
     * are all drained or the buffer is closed; then {@code cleanup}, if not null, receives
     * {@code data} exactly once. Until then the caller must not change those bytes. With no bytes
     * remaining, nothing is added and the cleanup runs at once; if the call throws, the cleanup never
     * runs and {@code data} stays the caller's. One thread.
     *
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer addReference(ByteBuffer data, Consumer<? super ByteBuffer> cleanup) {
        Objects.requireNonNull(data, "data");
        Lock l = state.lock();
        try {
            state.checkEnd("addReference", SELF);
            int n = data.remaining();
            if (n == 0) {
                if (cleanup != null) {
                    cleanup.accept(data);
                }
            } else {
                chain.appendReference(data, cleanup);
                state.changed(n, 0);
            }
        } finally {
            BufferState.release(l);
        }
        return this;
    }

    /**
     * Appends {@code length} bytes of {@code file} from {@code offset} without reading them
     * ({@code evbuffer_add_file}). Writing the buffer to a channel sends them with
     * {@link FileChannel#transferTo} (sendfile for a socket); any operation that looks at the bytes
     * reads them into memory first. Like libevent, the buffer takes the channel over and closes it
     * when no buffer needs it any more (at once if {@code length} is 0); file segments can move to
     * and be shared with other buffers. If the call throws, the channel stays the caller's. One
     * thread.
     *
     * @param length the number of bytes, or -1 for everything from {@code offset} to the end
     * @return this buffer
     * @throws IllegalArgumentException if {@code offset} is negative, {@code length} is below -1, or
     *     the range goes past the end of the file
     * @throws IllegalStateException if the end is frozen
     * @throws IOException if the file's size cannot be read
     */
    public EvBuffer addFile(FileChannel file, long offset, long length) throws IOException {
        Objects.requireNonNull(file, "file");
        checkCount("offset", offset);
        if (length < -1) {
            throw new IllegalArgumentException("length < -1: " + length);
        }
        Lock l = state.lock();
        try {
            state.checkEnd("addFile", SELF);
            long size = file.size();
            long n = length == -1 ? size - offset : length;
            if (n < 0 || offset > size - n) {
                throw new IllegalArgumentException("offset " + offset + " + length " + n
                        + " is past the end of the file (size " + size + ")");
            }
            if (n == 0) {
                file.close();
            } else {
                chain.appendFile(file, offset, n);
                state.changed(n, 0);
            }
        } finally {
            BufferState.release(l);
        }
        return this;
    }

    // ------------------------------------------------------------------ removing and copying

    /**
     * Removes up to {@code dst.length} bytes into {@code dst} ({@code evbuffer_remove}). One thread.
     *
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen and there is something to remove
     */
    public int remove(byte[] dst) {
        return remove(dst, 0, dst.length);
    }

    /**
     * Moves up to {@code len} bytes from the start into {@code dst} at {@code off}
     * ({@code evbuffer_remove}). One thread.
     *
     * @return the number of bytes removed: {@code min(len, length())}
     * @throws IndexOutOfBoundsException if the range is not inside {@code dst}
     * @throws IllegalStateException if the start is frozen and there is something to remove
     */
    public int remove(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        Lock l = state.lock();
        try {
            int n = removable(len);
            chain.copyOut(null, 0, dst, off, n);
            return drained(n);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Moves up to {@code dst.remaining()} bytes from the start into {@code dst}, advancing its
     * position ({@code evbuffer_remove}). One thread.
     *
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen and there is something to remove
     */
    public int remove(ByteBuffer dst) {
        Lock l = state.lock();
        try {
            int n = removable(dst.remaining());
            chain.copyOut(null, 0, dst, n);
            return drained(n);
        } finally {
            BufferState.release(l);
        }
    }

    /** How many of {@code len} bytes a remove takes; checks the start only when that is not 0. */
    private int removable(int len) {
        state.checkOpen();
        int n = (int) Math.min(len, chain.length());
        if (n > 0) {
            state.checkStart("remove", SELF);
        }
        return n;
    }

    private int drained(int n) {
        if (n > 0) {
            chain.drain(n);
            state.changed(0, n);
        }
        return n;
    }

    /**
     * Removes the first {@code n} bytes, or all of them when {@code n >= length()}
     * ({@code evbuffer_drain}). As in libevent, draining an empty buffer is allowed on a frozen
     * start, draining a buffer that holds bytes is not, even 0 of them. One thread.
     *
     * @return the number of bytes removed
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException if the start is frozen and the buffer is not empty
     */
    public long drain(long n) {
        checkCount("n", n);
        Lock l = state.lock();
        try {
            state.checkOpen();
            long d = Math.min(n, chain.length());
            if (chain.length() > 0) {
                state.checkStart("drain", SELF);
            }
            if (d > 0) {
                chain.drain(d);
                state.changed(0, d);
            }
            return d;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Copies up to {@code dst.length} bytes from the start, leaving them ({@code evbuffer_copyout}).
     * One thread.
     *
     * @return the number of bytes copied
     */
    public int copyOut(byte[] dst) {
        return copyOut(dst, 0, dst.length);
    }

    /**
     * Copies up to {@code len} bytes from the start into {@code dst} at {@code off}, leaving the
     * buffer as it is ({@code evbuffer_copyout}); allowed on a frozen start. One thread.
     *
     * @return the number of bytes copied: {@code min(len, length())}
     * @throws IndexOutOfBoundsException if the range is not inside {@code dst}
     */
    public int copyOut(byte[] dst, int off, int len) {
        return copyOutFrom(null, dst, off, len);
    }

    /**
     * Copies up to {@code dst.remaining()} bytes from the start into {@code dst}, advancing its
     * position and leaving this buffer as it is ({@code evbuffer_copyout}). One thread.
     *
     * @return the number of bytes copied
     */
    public int copyOut(ByteBuffer dst) {
        return copyOutFrom(null, dst);
    }

    /**
     * Copies up to {@code len} bytes starting at {@code from} into {@code dst} at {@code off}
     * ({@code evbuffer_copyout_from}). One thread.
     *
     * @param from where to start, or null for the first byte
     * @return the number of bytes copied: {@code min(len, length() - from.position())}
     * @throws IllegalArgumentException if {@code from} belongs to another buffer or is not set
     * @throws IndexOutOfBoundsException if the range is not inside {@code dst}
     */
    public int copyOutFrom(EvBufferPtr from, byte[] dst, int off, int len) {
        checkPtr(from);
        Objects.checkFromIndexSize(off, len, dst.length);
        Lock l = state.lock();
        try {
            state.checkOpen();
            long start = position(from);
            int n = (int) Math.min(len, chain.length() - start);
            chain.copyOut(from == null ? null : from.cursor, start, dst, off, n);
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Copies up to {@code dst.remaining()} bytes starting at {@code from} into {@code dst},
     * advancing its position ({@code evbuffer_copyout_from}). One thread.
     *
     * @param from where to start, or null for the first byte
     * @return the number of bytes copied
     * @throws IllegalArgumentException if {@code from} belongs to another buffer or is not set
     */
    public int copyOutFrom(EvBufferPtr from, ByteBuffer dst) {
        checkPtr(from);
        Lock l = state.lock();
        try {
            state.checkOpen();
            long start = position(from);
            int n = (int) Math.min(dst.remaining(), chain.length() - start);
            chain.copyOut(from == null ? null : from.cursor, start, dst, n);
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Makes the first {@code n} bytes contiguous and returns a read-only view of them, positioned
     * at the first and limited after the last ({@code evbuffer_pullup}). Copies only when they span
     * segments; more than 8 KiB that must be copied goes into one new heap block. The view is valid
     * until the buffer next changes. One thread.
     *
     * @param n the number of bytes, or -1 for all of them
     * @return the view, or null (as libevent) when {@code n} is 0 or more than {@link #length()}
     * @throws IllegalArgumentException if {@code n} is below -1 or larger than a ByteBuffer can be
     */
    public ByteBuffer pullup(long n) {
        if (n < -1) {
            throw new IllegalArgumentException("n < -1: " + n);
        }
        Lock l = state.lock();
        try {
            state.checkOpen();
            long size = n == -1 ? chain.length() : n;
            if (size == 0 || size > chain.length()) {
                return null;
            }
            checkContiguous("n", size);
            return chain.pullup((int) size);
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ between buffers

    /**
     * Moves all of {@code src}'s bytes to the end of this buffer without copying them
     * ({@code evbuffer_add_buffer}). Callbacks run on {@code src}, then on this buffer. An empty
     * {@code src} is a no-op, frozen ends or not. Both buffers' threads; both locks are taken.
     *
     * @throws IllegalArgumentException if {@code src} is this buffer
     * @throws IllegalStateException if this end or {@code src}'s start is frozen
     */
    public void addBuffer(EvBuffer src) {
        moveAll(src, false);
    }

    /**
     * Moves all of {@code src}'s bytes before the first byte of this buffer without copying them
     * ({@code evbuffer_prepend_buffer}); otherwise as {@link #addBuffer}.
     *
     * @throws IllegalArgumentException if {@code src} is this buffer
     * @throws IllegalStateException if this start or {@code src}'s start is frozen
     */
    public void prependBuffer(EvBuffer src) {
        moveAll(src, true);
    }

    private void moveAll(EvBuffer src, boolean toFront) {
        checkOther("src", src);
        BufferState.lockBoth(state, src.state);
        try {
            String op = toFront ? "prependBuffer" : "addBuffer";
            state.checkOpen();
            src.state.checkOpen();
            long n = src.chain.length();
            if (n == 0) {
                return;
            }
            if (toFront) {
                state.checkStart(op, SELF);
            } else {
                state.checkEnd(op, SELF);
            }
            src.state.checkStart(op, "the source EvBuffer");
            if (toFront) {
                src.chain.moveAllToFront(chain);
            } else {
                src.chain.move(chain, n);
            }
            src.state.changed(0, n);
            state.changed(n, 0);
        } finally {
            BufferState.unlockBoth(state, src.state);
        }
    }

    /**
     * Moves the first {@code n} bytes (all if fewer) to the end of {@code dst}
     * ({@code evbuffer_remove_buffer}). Whole segments are relinked; of a segment cut in two, the
     * smaller side is copied when it is under 1 KiB, else both sides share it. Callbacks run on
     * {@code dst}, then on this buffer. Moving 0 bytes is a no-op. Both buffers' threads; both locks
     * are taken.
     *
     * @return the number of bytes moved
     * @throws IllegalArgumentException if {@code n} is negative or {@code dst} is this buffer
     * @throws IllegalStateException if {@code n > 0} and this start or {@code dst}'s end is frozen
     */
    public long removeBuffer(EvBuffer dst, long n) {
        checkOther("dst", dst);
        checkCount("n", n);
        BufferState.lockBoth(state, dst.state);
        try {
            state.checkOpen();
            dst.state.checkOpen();
            if (n == 0) {
                return 0;
            }
            state.checkStart("removeBuffer", SELF);
            dst.state.checkEnd("removeBuffer", "the destination EvBuffer");
            long moved = chain.move(dst.chain, Math.min(n, chain.length()));
            if (moved > 0) {
                dst.state.changed(moved, 0);
                state.changed(0, moved);
            }
            return moved;
        } finally {
            BufferState.unlockBoth(state, dst.state);
        }
    }

    /**
     * Appends all of {@code src}'s bytes to this buffer while {@code src} keeps them too
     * ({@code evbuffer_add_buffer_reference}). Nothing is copied: both buffers read the same memory,
     * which becomes read-only and is given back when neither needs it. Files are shared as well
     * (libevent refuses them). An empty {@code src} is a no-op. Both buffers' threads; both locks
     * are taken.
     *
     * @throws IllegalArgumentException if {@code src} is this buffer, or holds bytes it got from
     *     another buffer this way (libevent refuses both)
     * @throws IllegalStateException if this end is frozen
     */
    public void addBufferReference(EvBuffer src) {
        Objects.requireNonNull(src, "src");
        BufferState.lockBoth(state, src.state);
        try {
            state.checkOpen();
            src.state.checkOpen();
            long n = src.chain.length();
            if (n == 0) {
                return;
            }
            checkOther("src", src);
            state.checkEnd("addBufferReference", SELF);
            if (src.chain.holdsShared()) {
                throw new IllegalArgumentException("addBufferReference: src holds bytes it references from"
                        + " another buffer; like libevent, such bytes are not shared again");
            }
            src.chain.shareAllTo(chain);
            state.changed(n, 0);
        } finally {
            BufferState.unlockBoth(state, src.state);
        }
    }

    // ------------------------------------------------------------------ lines

    /**
     * Removes the first line and returns its bytes without the end of line ({@code evbuffer_readln}).
     * One thread.
     *
     * @return the line, or null when no complete line is buffered (the buffer is then unchanged)
     * @throws IllegalStateException if the start is frozen
     */
    public byte[] readLine(EolStyle style) {
        Objects.requireNonNull(style, "style");
        Lock l = state.lock();
        try {
            state.checkStart("readLine", SELF);
            long before = chain.length();
            byte[] line = state.scanner().takeLine(style.code);
            reportRemoved(before);
            return line;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * As {@link #readLine(EolStyle)}, decoded with {@code charset}; only the String is allocated.
     *
     * @return the line, or null when no complete line is buffered
     * @throws IllegalStateException if the start is frozen
     */
    public String readLine(EolStyle style, Charset charset) {
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(charset, "charset");
        Lock l = state.lock();
        try {
            state.checkStart("readLine", SELF);
            long before = chain.length();
            String line = state.scanner().takeLine(style.code, charset);
            reportRemoved(before);
            return line;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Moves the first line, without its end of line, to the end of {@code dst} and drops the end of
     * line: {@code evbuffer_readln} without making a string. Nothing is allocated; lines shorter
     * than 1 KiB are copied, longer ones relinked. Callbacks run on {@code dst}, then on this buffer.
     * Both buffers' threads; both locks are taken.
     *
     * @return the number of bytes moved to {@code dst}, or -1 when no complete line is buffered
     * @throws IllegalArgumentException if {@code dst} is this buffer
     * @throws IllegalStateException if this start or {@code dst}'s end is frozen
     */
    public long readLine(EolStyle style, EvBuffer dst) {
        Objects.requireNonNull(style, "style");
        checkOther("dst", dst);
        BufferState.lockBoth(state, dst.state);
        try {
            state.checkStart("readLine", SELF);
            dst.state.checkEnd("readLine", "the destination EvBuffer");
            long before = chain.length();
            long n = state.scanner().moveLine(style.code, dst.chain);
            if (n > 0) {
                dst.state.changed(n, 0);
            }
            reportRemoved(before);
            return n;
        } finally {
            BufferState.unlockBoth(state, dst.state);
        }
    }

    private void reportRemoved(long before) {
        long removed = before - chain.length();
        if (removed > 0) {
            state.changed(0, removed);
        }
    }

    /**
     * Finds the first end of line at or after {@code ptr} ({@code evbuffer_search_eol}). On success
     * moves {@code ptr} to the first byte of the end of line. One thread.
     *
     * @return the length of the end of line, or -1 (and {@code ptr} stays where it was)
     * @throws IllegalArgumentException if {@code ptr} belongs to another buffer or is not set
     */
    public long searchEol(EvBufferPtr ptr, EolStyle style) {
        Objects.requireNonNull(ptr, "ptr");
        checkPtr(ptr);
        Objects.requireNonNull(style, "style");
        Lock l = state.lock();
        try {
            state.checkOpen();
            position(ptr);
            return state.scanner().searchEol(ptr.cursor, style.code);
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ positions and search

    /**
     * A new pointer at offset 0 ({@code evbuffer_ptr_set(buf, &ptr, 0, EVBUFFER_PTR_SET)}). One
     * thread.
     */
    public EvBufferPtr ptr() {
        Lock l = state.lock();
        try {
            state.checkOpen();
            EvBufferPtr p = new EvBufferPtr(this);
            chain.seek(p.cursor, 0);
            return p;
        } finally {
            BufferState.release(l);
        }
    }

    boolean movePtr(EvBufferPtr ptr, long position) {
        Lock l = state.lock();
        try {
            state.checkOpen();
            if (position > chain.length()) {
                ptr.cursor.unset();
                return false;
            }
            chain.seek(ptr.cursor, position);
            return true;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Finds the first occurrence of {@code pattern} at or after {@code start}
     * ({@code evbuffer_search}), also one that spans segments. An empty pattern is found at
     * {@code start}. One thread.
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
     * ({@code evbuffer_search_range}). One thread.
     *
     * @param start where to begin, or null for the first byte
     * @param end where matches must end by, or null for the end of the buffer
     * @return the offset of the match, or -1
     * @throws IllegalArgumentException if a pointer belongs to another buffer or is not set
     */
    public long searchRange(byte[] pattern, EvBufferPtr start, EvBufferPtr end) {
        Objects.requireNonNull(pattern, "pattern");
        checkPtr(start);
        checkPtr(end);
        Lock l = state.lock();
        try {
            state.checkOpen();
            long from = position(start);
            long limit = end == null ? Long.MAX_VALUE : position(end);
            if (pattern.length == 0) {
                return from;
            }
            return state.scanner().search(pattern, start == null ? null : start.cursor, limit);
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ zero-copy access

    /**
     * Fills {@code out} with read-only views of the buffer's memory from {@code start}
     * ({@code evbuffer_peek}), one per segment, without copying. The first view begins at
     * {@code start}; later ones are whole segments, so the views may cover more than {@code len}.
     * The views stay valid until the buffer next changes. One thread.
     *
     * @param len how many bytes to cover, or -1 for as many as {@code out} can describe (or, with
     *     no slots, all of them)
     * @param start where to begin, or null for the first byte
     * @param out where to put the views; null or empty to only count them
     * @return the number of views needed, which may be more than {@code out.length}
     * @throws IllegalArgumentException if {@code len} is below -1 or {@code start} is foreign or unset
     */
    public int peek(long len, EvBufferPtr start, ByteBuffer[] out) {
        if (len < -1) {
            throw new IllegalArgumentException("len < -1: " + len);
        }
        checkPtr(start);
        Lock l = state.lock();
        try {
            state.checkOpen();
            long from = position(start);
            if (out == null || out.length == 0) {
                return Peek.views(chain, start == null ? null : start.cursor, from, len, null);
            }
            return Peek.views(chain, start == null ? null : start.cursor, from, len, out);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * As {@link #peek(long, EvBufferPtr, ByteBuffer[])}, returning exactly the views needed to
     * cover {@code len} bytes (-1: all) in a new array. One thread.
     *
     * @return the views
     */
    public ByteBuffer[] peek(long len, EvBufferPtr start) {
        Lock l = state.lock();
        try {
            ByteBuffer[] out = new ByteBuffer[peek(len, start, null)];
            peek(len, start, out);
            return out;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Hands out free memory at the end for the caller to fill ({@code evbuffer_reserve_space}). With
     * one slot the extent is contiguous and at least {@code size} bytes; with two or more, at most
     * two extents (the last segment's free room, then a new segment) that together hold at least
     * {@code size}, or none for a size of 0. Each extent is the buffer's own writable memory,
     * positioned where writing starts: fill it with relative puts or a channel read, then call
     * {@link #commit}. Reserving again before committing hands out the same space. One thread.
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
        Lock l = state.lock();
        try {
            state.checkEnd("reserve", SELF);
            return chain.reservation().reserve(size, vec);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Makes the bytes written into the first {@code n} reserved extents part of the buffer
     * ({@code evbuffer_commit_space}): each extent counts from where {@link #reserve} positioned it
     * up to its position now. As in libevent, the extents must be the ones just reserved, in order
     * (committing only the second is allowed), with nothing added in between. One thread.
     *
     * @return the number of bytes committed
     * @throws IllegalArgumentException if an extent is not reserved space of this buffer or was
     *     positioned outside it, or {@code n} is not in {@code [0, vec.length]}
     * @throws IllegalStateException if the end is frozen, nothing was reserved, or the buffer
     *     changed since
     */
    public long commit(ByteBuffer[] vec, int n) {
        Objects.checkFromIndexSize(0, n, vec.length);
        Lock l = state.lock();
        try {
            state.checkEnd("commit", SELF);
            long r = chain.reservation().commit(vec, n);
            if (r > 0) {
                state.changed(r, 0);
            }
            return r;
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ channel I/O

    /**
     * Reads from {@code channel} straight into the buffer's memory with one read, scattering over
     * several segments when the channel allows ({@code evbuffer_read}). With {@code max == -1} the
     * amount is learned from the traffic: one 8 KiB segment at first, doubling after every read
     * that filled it, up to 256 KiB, and coming down by at most a quarter per read after reads that
     * did not. One thread.
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
        Lock l = state.lock();
        try {
            state.checkEnd("read", SELF);
            int n = state.io().read(channel, max);
            if (n > 0) {
                state.changed(n, 0);
            }
            return n;
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Writes as much as the channel takes in one call ({@code evbuffer_write}); see
     * {@link #writeAtMost}.
     *
     * @return the number of bytes written
     */
    public long write(GatheringByteChannel channel) throws IOException {
        return writeAtMost(channel, -1);
    }

    /**
     * Writes up to {@code n} bytes from the start to {@code channel} with one gathering write, and
     * removes what was written ({@code evbuffer_write_atmost}). A file segment at the start goes
     * alone, with {@link FileChannel#transferTo}. One thread.
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
        Lock l = state.lock();
        try {
            state.checkStart("write", SELF);
            long w = state.io().write(channel, n < 0 ? Long.MAX_VALUE : n);
            if (w > 0) {
                state.changed(0, w);
            }
            return w;
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ freezing

    /**
     * Freezes one end ({@code evbuffer_freeze}): while the start is frozen, removing and prepending
     * throw; while the end is frozen, adding throws. A BufferEvent holds the end of its input and
     * the start of its output this way, which only it may then change. One thread.
     *
     * @throws IllegalStateException if a BufferEvent holds that end
     */
    public void freeze(Side side) {
        setFrozen(side, true);
    }

    /**
     * Undoes {@link #freeze} for one end ({@code evbuffer_unfreeze}). One thread.
     *
     * @throws IllegalStateException if a BufferEvent holds that end: it alone may change it
     */
    public void unfreeze(Side side) {
        setFrozen(side, false);
    }

    /**
     * Whether one end is frozen, by {@link #freeze} or by the BufferEvent that holds it. One thread.
     *
     * @return true if frozen
     */
    public boolean isFrozen(Side side) {
        Objects.requireNonNull(side, "side");
        Lock l = state.lock();
        try {
            state.checkOpen();
            return state.isFrozen(side == Side.START);
        } finally {
            BufferState.release(l);
        }
    }

    private void setFrozen(Side side, boolean frozen) {
        Objects.requireNonNull(side, "side");
        Lock l = state.lock();
        try {
            state.setFrozen(side == Side.START, frozen);
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ callbacks

    /**
     * Registers a callback told of every change in length ({@code evbuffer_add_cb}); changes made
     * before it was added are not reported. One thread.
     *
     * @return the entry that disables, enables or removes it
     */
    public CallbackEntry addCallback(EvBufferCallback callback) {
        Objects.requireNonNull(callback, "callback");
        Lock l = state.lock();
        try {
            state.checkOpen();
            return callbacks().add(callback);
        } finally {
            BufferState.release(l);
        }
    }

    /**
     * Removes a callback ({@code evbuffer_remove_cb_entry}); it may be the one running. One thread.
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
        Lock l = state.lock();
        try {
            state.checkOpen();
            return callbacks.remove(entry);
        } finally {
            BufferState.release(l);
        }
    }

    void setCallbackEnabled(CallbackEntry entry, boolean enabled) {
        Lock l = state.lock();
        try {
            state.checkOpen();
            entry.enabled = enabled;
        } finally {
            BufferState.release(l);
        }
    }

    boolean callbackEnabled(CallbackEntry entry) {
        Lock l = state.lock();
        try {
            return entry.enabled && !entry.removed;
        } finally {
            BufferState.release(l);
        }
    }

    private Callbacks callbacks() {
        Callbacks c = callbacks;
        if (c == null) {
            callbacks = c = new Callbacks(this);
            state.setCallbacks(c);
        }
        return c;
    }

    /**
     * Makes the callbacks run later, from {@code base}'s loop, instead of inside the call that
     * changed the buffer ({@code evbuffer_defer_callbacks}). Changes made before the loop gets to
     * them are reported in one call with their counts summed, and every callback then runs on the
     * loop's thread, which is how a buffer filled by other threads can still be watched from one
     * thread. Deferring to the same base again does nothing; to another base, moves. Closing the
     * buffer cancels a pending run. One thread.
     *
     * @throws IllegalStateException if {@code base} is closed
     */
    public void deferCallbacks(EventBase base) {
        Objects.requireNonNull(base, "base");
        Deferral old;
        Lock l = state.lock();
        try {
            state.checkOpen();
            Callbacks c = callbacks();
            old = c.deferral;
            if (old != null && old.base() == base) {
                return;
            }
            c.deferral = new Deferral(base, this::runDeferredCallbacks);
        } finally {
            BufferState.release(l);
        }
        if (old != null) {
            old.cancel();
        }
    }

    /** The deferred run, on the loop's thread. */
    private void runDeferredCallbacks() {
        Lock l = state.lock();
        try {
            if (!state.isClosed()) {
                callbacks.run(chain.length());
            }
        } finally {
            BufferState.release(l);
        }
    }

    // ------------------------------------------------------------------ locking and the end

    /**
     * Makes the buffer safe to use from several threads ({@code evbuffer_enable_locking}). Call it
     * before the buffer is shared. Callbacks then run with the lock held, so beware of lock order.
     *
     * @param lock the lock to use (several buffers may share one), or null for a new
     *     {@link java.util.concurrent.locks.ReentrantLock}; it must be reentrant, since callbacks
     *     may call back in
     * @throws IllegalStateException if locking is already enabled
     */
    public void enableLocking(Lock lock) {
        state.enableLocking(lock, this);
    }

    /** Takes the buffer's lock, to make several calls one step ({@code evbuffer_lock}); no effect without locking. */
    public void lock() {
        state.lock();
    }

    /** Releases the lock taken by {@link #lock()} ({@code evbuffer_unlock}); no effect without locking. */
    public void unlock() {
        state.unlock();
    }

    /**
     * Gives everything back ({@code evbuffer_free}): pooled memory to the pool, referenced memory to
     * its cleanup, files to be closed when no other buffer shares them. Removes the callbacks and
     * cancels a pending deferred run; from a thread other than the loop's that waits for the loop,
     * so do not close a deferring buffer while holding its {@link #lock()}. Closing twice does
     * nothing. One thread.
     */
    @Override
    public void close() {
        Deferral d = null;
        Lock l = state.lock();
        try {
            if (!state.close()) {
                return;
            }
            if (callbacks != null) {
                callbacks.removeAll();
                d = callbacks.deferral;
                callbacks.deferral = null;
            }
        } finally {
            BufferState.release(l);
        }
        if (d != null) {
            d.cancel();
        }
    }

    @Override
    public String toString() {
        return "EvBuffer#" + state.id();
    }

    // ------------------------------------------------------------------ checks

    private static void checkCount(String name, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " < 0: " + n);
        }
    }

    private static void checkContiguous(String name, long n) {
        checkCount(name, n);
        if (n > BufferState.MAX_CONTIGUOUS) {
            throw new IllegalArgumentException(name + " > " + BufferState.MAX_CONTIGUOUS + ": " + n);
        }
    }

    private void checkOther(String name, EvBuffer other) {
        Objects.requireNonNull(other, name);
        if (other == this) {
            throw new IllegalArgumentException(name + " is this buffer: " + this);
        }
    }

    /** A null pointer is allowed (it means the first byte); another buffer's is not. */
    private void checkPtr(EvBufferPtr ptr) {
        if (ptr != null && ptr.buffer != this) {
            throw new IllegalArgumentException("the pointer belongs to " + ptr.buffer + ", not " + this);
        }
    }

    /** The pointer's offset (0 for null), which must be set and inside the buffer as it is now. */
    private long position(EvBufferPtr ptr) {
        if (ptr == null) {
            return 0;
        }
        long pos = ptr.cursor.position();
        if (pos < 0) {
            throw new IllegalArgumentException("the pointer is not set: its last set or add went past the end;"
                    + " set(position) it again");
        }
        if (pos > chain.length()) {
            throw new IllegalArgumentException("the pointer's position " + pos + " is past the end (length "
                    + chain.length() + "): the buffer shrank since it was set");
        }
        return pos;
    }
}
