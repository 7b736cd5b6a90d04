package io.jevent.buffer;

import io.jevent.EventBase;
import io.jevent.buffer.internal.AddOperations;
import io.jevent.buffer.internal.BufferState;
import io.jevent.buffer.internal.MoveOperations;
import io.jevent.buffer.internal.ReadOperations;
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
 * Bytes are added at the end and removed from the start; the package documentation explains the
 * model and how bytes move between buffers, with an example. The operations at a position
 * ({@code evbuffer_search}, {@code _search_eol}, {@code _copyout_from} and {@code _peek} from a
 * pointer) are methods of the {@link EvBufferPtr} that {@link #ptr()} returns.
 *
 * <p><b>Threads.</b> Without locking an EvBuffer must be used by one thread at a time, and pays
 * one branch per call for the possibility of a lock. After {@link #enableLocking} every method may
 * be called from any thread; each call takes the lock, and {@link #lock()}/{@link #unlock()} group
 * several calls into one atomic step. Callbacks run with the lock held. Every method follows this
 * rule ("Threads: see the class"); one between two buffers follows both buffers' rules and takes
 * both locks.
 *
 * <p><b>Ownership.</b> Bytes added by copying belong to the buffer. Memory added with
 * {@link #addReference} and files added with {@link #addFile} are the buffer's until it lets go of
 * them (their cleanup runs, the file is closed). {@link ByteBuffer} views handed out by
 * {@link #peek}, {@link #pullup} and {@link #reserve} look into the buffer's own memory: they are
 * valid until the buffer next changes and must not be kept. {@link #close()} gives every byte back;
 * any other call on a closed buffer throws {@link IllegalStateException}.
 *
 * <p><b>Errors.</b> Where libevent returns -1 for misuse, jevent throws, as the package
 * documentation explains; an operation with nothing to do is not refused for a frozen end.
 *
 * <p>This class is the API, as {@code buffer.h} is: each method checks its arguments and makes one
 * call into the internal operations, which lock, check, work and report, as {@code buffer.c} does.
 */
public final class EvBuffer implements AutoCloseable {
    static {
        BufferState.register(b -> ((EvBuffer) b).state);
    }

    final BufferState state = new BufferState();

    /** An empty buffer ({@code evbuffer_new}). Any thread. */
    public EvBuffer() {
    }

    /**
     * The number of bytes held ({@code evbuffer_get_length}). Threads: see the class.
     *
     * @return the length
     */
    public long length() {
        return ReadOperations.length(state);
    }

    /**
     * How many bytes {@link #pullup} returns without copying: those of the first segment
     * ({@code evbuffer_get_contiguous_space}). Threads: see the class.
     *
     * @return the count, 0 when empty
     */
    public long contiguousSpace() {
        return ReadOperations.contiguousSpace(state);
    }

    /**
     * Makes room so that adding {@code n} more bytes needs no new memory ({@code evbuffer_expand}):
     * up to 8 KiB from the shared pool, more in one heap block. Threads: see the class.
     *
     * @param n how many bytes to make room for, beyond those already free at the end
     */
    public void expand(long n) {
        AddOperations.expand(state, checkContiguous("n", n));
    }


    /**
     * Appends a copy of {@code src} ({@code evbuffer_add}). Threads: see the class.
     *
     * @param src the bytes to append; the buffer keeps no reference to the array
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(byte[] src) {
        AddOperations.add(state, src, 0, src.length);
        return this;
    }

    /**
     * Appends a copy of {@code len} bytes of {@code src} from {@code off} ({@code evbuffer_add}).
     * Threads: see the class.
     *
     * @param src the array holding the bytes; the buffer keeps no reference to it
     * @param off the index in {@code src} of the first byte to append
     * @param len how many bytes to append
     * @return this buffer
     * @throws IllegalStateException if the end is frozen (as in libevent, even for 0 bytes)
     */
    public EvBuffer add(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        AddOperations.add(state, src, off, len);
        return this;
    }

    /**
     * Appends a copy of {@code src}'s remaining bytes and moves its position to its limit
     * ({@code evbuffer_add}). Threads: see the class.
     *
     * @param src the bytes between its position and its limit are appended
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(ByteBuffer src) {
        AddOperations.add(state, src);
        return this;
    }

    /**
     * Appends {@code text} encoded with {@code charset}, unmappable characters as {@code '?'};
     * UTF-8, ISO-8859-1 and US-ASCII straight into the buffer. Threads: see the class.
     *
     * @param text the characters to append
     * @param charset how to encode them
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer add(CharSequence text, Charset charset) {
        AddOperations.addText(state, Objects.requireNonNull(text, "text"), Objects.requireNonNull(charset, "charset"),
                "add");
        return this;
    }

    /**
     * Appends {@code String.format(Locale.ROOT, format, args)} in UTF-8 ({@code evbuffer_add_printf}).
     * Threads: see the class.
     *
     * @param format a {@link java.util.Formatter} format string
     * @param args the values the format refers to
     * @return the number of bytes added
     * @throws IllegalStateException if the end is frozen
     */
    public long addPrintf(String format, Object... args) {
        return AddOperations.addText(state, String.format(Locale.ROOT, format, args), StandardCharsets.UTF_8,
                "addPrintf");
    }

    /**
     * Inserts a copy of {@code src} before the first byte ({@code evbuffer_prepend}). Threads: see
     * the class.
     *
     * @param src the bytes to insert; the buffer keeps no reference to the array
     * @return this buffer
     * @throws IllegalStateException if the start is frozen and {@code src} is not empty
     */
    public EvBuffer prepend(byte[] src) {
        AddOperations.prepend(state, src, null, 0, src.length);
        return this;
    }

    /**
     * Inserts a copy of {@code src}'s remaining bytes before the first byte and moves its position
     * to its limit ({@code evbuffer_prepend}). Threads: see the class.
     *
     * @param src the bytes between its position and its limit are inserted
     * @return this buffer
     * @throws IllegalStateException if the start is frozen and {@code src} has bytes remaining
     */
    public EvBuffer prepend(ByteBuffer src) {
        AddOperations.prepend(state, null, src, src.position(), src.remaining());
        return this;
    }

    /**
     * Appends {@code data}'s remaining bytes without copying them ({@code evbuffer_add_reference}).
     * The buffer reads them from {@code data}'s memory, which the caller must not change, until
     * they are drained or the buffer is closed; then {@code cleanup}, if not null, gets {@code data}
     * once. With nothing remaining the cleanup runs at once; if the call throws it never runs.
     * Threads: see the class.
     *
     * @param data the bytes between its position and its limit are appended; its position does not
     *     move
     * @param cleanup gets {@code data} back once the buffer no longer needs its bytes; null for
     *     none
     * @return this buffer
     * @throws IllegalStateException if the end is frozen
     */
    public EvBuffer addReference(ByteBuffer data, Consumer<? super ByteBuffer> cleanup) {
        AddOperations.addReference(state, Objects.requireNonNull(data, "data"), cleanup);
        return this;
    }

    /**
     * Appends {@code length} bytes of {@code file} from {@code offset} without reading them
     * ({@code evbuffer_add_file}): writing to a channel sends them with
     * {@link FileChannel#transferTo}, an operation that looks at them reads them in first. The
     * buffer takes the channel over and closes it when no buffer needs it (at once for 0 bytes);
     * if the call throws, it stays the caller's. Threads: see the class.
     *
     * @param file the file to send from; the buffer takes it over (see above)
     * @param offset the position in the file of the first byte
     * @param length the number of bytes, or -1 for everything from {@code offset} on
     * @return this buffer
     * @throws IllegalArgumentException if the range is negative or past the end of the file
     * @throws IllegalStateException if the end is frozen
     * @throws IOException if the file's size cannot be read
     */
    public EvBuffer addFile(FileChannel file, long offset, long length) throws IOException {
        Objects.requireNonNull(file, "file");
        checkCount("offset", offset);
        if (length < -1) {
            throw new IllegalArgumentException("length < -1: " + length);
        }
        AddOperations.addFile(state, file, offset, length);
        return this;
    }


    /**
     * Moves up to {@code dst.length} bytes from the start into {@code dst} ({@code evbuffer_remove}).
     * Threads: see the class.
     *
     * @param dst receives the bytes from index 0
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen and there is something to remove
     */
    public int remove(byte[] dst) {
        return remove(dst, 0, dst.length);
    }

    /**
     * Moves up to {@code len} bytes from the start into {@code dst} at {@code off}
     * ({@code evbuffer_remove}). Threads: see the class.
     *
     * @param dst receives the bytes
     * @param off the index in {@code dst} of the first byte
     * @param len the most bytes to remove
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen and there is something to remove
     */
    public int remove(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        return ReadOperations.copy(state, dst, off, len, true);
    }

    /**
     * Moves up to {@code dst.remaining()} bytes from the start into {@code dst}, advancing its
     * position ({@code evbuffer_remove}). Threads: see the class.
     *
     * @param dst receives the bytes from its position on
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen and there is something to remove
     */
    public int remove(ByteBuffer dst) {
        return ReadOperations.copy(state, dst, true);
    }

    /**
     * Removes the first {@code n} bytes, all of them if fewer ({@code evbuffer_drain}). As in
     * libevent, a frozen start refuses this unless the buffer is empty. Threads: see the class.
     *
     * @param n the most bytes to remove
     * @return the number of bytes removed
     * @throws IllegalStateException if the start is frozen and the buffer is not empty
     */
    public long drain(long n) {
        return ReadOperations.drain(state, checkCount("n", n));
    }

    /**
     * Copies up to {@code dst.length} bytes from the start, leaving them ({@code evbuffer_copyout});
     * unlike libevent, allowed on a frozen start, since it changes nothing. Threads: see the class.
     *
     * @param dst receives the bytes from index 0
     * @return the number of bytes copied
     */
    public int copyOut(byte[] dst) {
        return copyOut(dst, 0, dst.length);
    }

    /**
     * Copies up to {@code len} bytes from the start into {@code dst} at {@code off}
     * ({@code evbuffer_copyout}); see {@link #copyOut(byte[])}. Threads: see the class.
     *
     * @param dst receives the bytes
     * @param off the index in {@code dst} of the first byte
     * @param len the most bytes to copy
     * @return the number of bytes copied
     */
    public int copyOut(byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        return ReadOperations.copy(state, dst, off, len, false);
    }

    /**
     * Copies up to {@code dst.remaining()} bytes from the start into {@code dst}, advancing its
     * position ({@code evbuffer_copyout}); see {@link #copyOut(byte[])}. Threads: see the class.
     *
     * @param dst receives the bytes from its position on
     * @return the number of bytes copied
     */
    public int copyOut(ByteBuffer dst) {
        return ReadOperations.copy(state, dst, false);
    }

    /**
     * Makes the first {@code n} bytes contiguous and returns a read-only view of them, valid until
     * the buffer next changes ({@code evbuffer_pullup}); copies only when they span segments.
     * Threads: see the class.
     *
     * @param n the number of bytes, or -1 for all of them
     * @return the view, or null (as libevent) when {@code n} is 0 or more than {@link #length()}
     */
    public ByteBuffer pullup(long n) {
        if (n < -1) {
            throw new IllegalArgumentException("n < -1: " + n);
        }
        return ReadOperations.pullup(state, n);
    }


    /**
     * Moves all of {@code src}'s bytes to the end of this buffer without copying them
     * ({@code evbuffer_add_buffer}); callbacks run on {@code src}, then here. Threads: see the class.
     *
     * @param src the buffer to empty into this one
     * @throws IllegalStateException if {@code src} is not empty and this end or its start is frozen
     */
    public void addBuffer(EvBuffer src) {
        MoveOperations.moveAll(checkOther("src", src).state, state, false);
    }

    /**
     * As {@link #addBuffer}, to the front ({@code evbuffer_prepend_buffer}). Threads: see the class.
     *
     * @param src the buffer to empty into the front of this one
     * @throws IllegalStateException if {@code src} is not empty and this start or its start is frozen
     */
    public void prependBuffer(EvBuffer src) {
        MoveOperations.moveAll(checkOther("src", src).state, state, true);
    }

    /**
     * Moves the first {@code n} bytes, all if fewer, to the end of {@code dst}
     * ({@code evbuffer_remove_buffer}); callbacks run on {@code dst}, then here. Threads: see the
     * class.
     *
     * @param dst the buffer the bytes move to
     * @param n the most bytes to move
     * @return the number of bytes moved
     * @throws IllegalStateException if {@code n > 0} and this start or {@code dst}'s end is frozen
     */
    public long removeBuffer(EvBuffer dst, long n) {
        return MoveOperations.move(state, checkOther("dst", dst).state, checkCount("n", n));
    }

    /**
     * Appends all of {@code src}'s bytes while {@code src} keeps them too, sharing their memory,
     * which becomes read-only ({@code evbuffer_add_buffer_reference}). Files are shared as well
     * (libevent refuses them). An empty {@code src} is a no-op. Threads: see the class.
     *
     * @param src the buffer whose bytes this one shares; it is left unchanged
     * @throws IllegalArgumentException if {@code src} is this buffer or holds bytes it shares from
     *     another buffer this way (libevent refuses both)
     * @throws IllegalStateException if this end is frozen
     */
    public void addBufferReference(EvBuffer src) {
        MoveOperations.share(Objects.requireNonNull(src, "src").state, state, src == this);
    }


    /**
     * Removes the first line and returns its bytes without the end of line ({@code evbuffer_readln}).
     * Threads: see the class.
     *
     * @param style what ends a line
     * @return the line, or null when no complete line is buffered
     * @throws IllegalStateException if the start is frozen
     */
    public byte[] readLine(EolStyle style) {
        return (byte[]) ReadOperations.readLine(state, Objects.requireNonNull(style, "style").code, null);
    }

    /**
     * As {@link #readLine(EolStyle)}, decoded with {@code charset}; only the String is allocated.
     * Threads: see the class.
     *
     * @param style what ends a line
     * @param charset how to decode the line's bytes
     * @return the line, or null when no complete line is buffered
     * @throws IllegalStateException if the start is frozen
     */
    public String readLine(EolStyle style, Charset charset) {
        return (String) ReadOperations.readLine(state, Objects.requireNonNull(style, "style").code,
                Objects.requireNonNull(charset, "charset"));
    }

    /**
     * Moves the first line to the end of {@code dst} and drops its end of line: {@code evbuffer_readln}
     * without allocating; callbacks run on {@code dst}, then here. Threads: see the class.
     *
     * @param style what ends a line
     * @param dst the buffer the line's bytes move to
     * @return the number of bytes moved, or -1 when no complete line is buffered
     * @throws IllegalStateException if this start or {@code dst}'s end is frozen
     */
    public long readLine(EolStyle style, EvBuffer dst) {
        Objects.requireNonNull(style, "style");
        return MoveOperations.moveLine(state, checkOther("dst", dst).state, style.code);
    }

    /**
     * The offset of the first {@code pattern}, also one that spans segments
     * ({@code evbuffer_search(buf, what, len, NULL)}); {@link EvBufferPtr#search} starts elsewhere.
     * Threads: see the class.
     *
     * @param pattern the bytes to look for
     * @return the offset, or -1; 0 for an empty pattern
     */
    public long search(byte[] pattern) {
        return ReadOperations.search(state, Objects.requireNonNull(pattern, "pattern"));
    }

    /**
     * A new pointer at offset 0 ({@code evbuffer_ptr_set(buf, &ptr, 0, EVBUFFER_PTR_SET)}), for the
     * operations at a position. Threads: see the class.
     *
     * @return the pointer
     */
    public EvBufferPtr ptr() {
        return new EvBufferPtr(this);
    }

    /**
     * Fills {@code out} with read-only views of the buffer's memory from the first byte, one per
     * segment, without copying ({@code evbuffer_peek}); valid until the buffer next changes.
     * Threads: see the class.
     *
     * @param len how many bytes to cover, or -1 for as many as {@code out} can describe (with no
     *     slots, all)
     * @param out where to put the views; null or empty to only count them
     * @return the number of views needed, which may be more than {@code out.length}
     */
    public int peek(long len, ByteBuffer[] out) {
        return ReadOperations.peek(state, checkPeekLength(len), out == null || out.length == 0 ? null : out);
    }

    /**
     * As {@link #peek(long, ByteBuffer[])}, returning exactly the views that cover {@code len} bytes
     * (-1: all). Threads: see the class.
     *
     * @param len how many bytes the views must cover, or -1 for all
     * @return the views
     */
    public ByteBuffer[] peek(long len) {
        return ReadOperations.peekAll(state, checkPeekLength(len));
    }

    static long checkPeekLength(long len) {
        if (len < -1) {
            throw new IllegalArgumentException("len < -1: " + len);
        }
        return len;
    }

    /**
     * Hands out free memory at the end for the caller to fill and then {@link #commit}
     * ({@code evbuffer_reserve_space}): with one slot one extent of at least {@code size} bytes;
     * with more, at most two (the last segment's room, then a new segment), none for size 0.
     * Reserving again before committing hands out the same space. Threads: see the class.
     *
     * @param size the least number of bytes the extents must hold together
     * @param vec receives the extents: one slot asks for one extent, more allow two
     * @return the number of extents put in {@code vec}, each positioned where writing starts
     * @throws IllegalStateException if the end is frozen
     */
    public int reserve(long size, ByteBuffer[] vec) {
        checkContiguous("size", size);
        if (vec.length == 0) {
            throw new IllegalArgumentException("vec has length 0: pass an array with room for at least one extent");
        }
        return AddOperations.reserve(state, size, vec);
    }

    /**
     * Adds what was written into the first {@code n} extents {@link #reserve} handed out, each up to
     * its position ({@code evbuffer_commit_space}); as in libevent they must be the ones just
     * reserved, in order, with nothing added in between. Threads: see the class.
     *
     * @param vec the extents {@link #reserve} handed out, written up to their positions
     * @param n how many of them, from the first, to commit
     * @return the number of bytes committed
     * @throws IllegalArgumentException if the extents are not the reserved space
     * @throws IllegalStateException if the end is frozen or the buffer changed since reserve()
     */
    public long commit(ByteBuffer[] vec, int n) {
        Objects.checkFromIndexSize(0, n, vec.length);
        return AddOperations.commit(state, vec, n);
    }


    /**
     * Reads from {@code channel} straight into the buffer's memory with one (scattering) read
     * ({@code evbuffer_read}). With {@code max == -1} the amount is learned from the traffic:
     * 8 KiB at first, doubling after each read that filled it, up to 256 KiB, and coming down by at
     * most a quarter after one that did not. Threads: see the class.
     *
     * @param channel where to read from
     * @param max the most bytes to read, or -1 to let the buffer choose
     * @return bytes read, 0 if a non-blocking channel had none, -1 at end of stream
     * @throws IllegalStateException if the end is frozen
     * @throws IOException if the channel's read fails
     */
    public int read(ReadableByteChannel channel, int max) throws IOException {
        if (max < -1) {
            throw new IllegalArgumentException("max < -1: " + max);
        }
        return AddOperations.read(state, Objects.requireNonNull(channel, "channel"), max);
    }

    /**
     * Writes as much as the channel takes in one call ({@code evbuffer_write}). Threads: see the class.
     *
     * @param channel where to write; in non-blocking mode it may take less than all, or nothing
     * @return the number of bytes written and removed
     * @throws IllegalStateException if the start is frozen
     * @throws IOException if the channel's write fails; the buffer then keeps the bytes
     */
    public long write(GatheringByteChannel channel) throws IOException {
        return writeAtMost(channel, -1);
    }

    /**
     * Writes up to {@code n} bytes from the start with one gathering write (a file segment alone,
     * with {@link FileChannel#transferTo}) and removes them ({@code evbuffer_write_atmost}).
     * Threads: see the class.
     *
     * @param channel where to write
     * @param n the most bytes to write, or -1 for no limit
     * @return the number of bytes written, 0 if a non-blocking channel took none
     * @throws IllegalStateException if the start is frozen
     * @throws IOException if the channel's write fails; the buffer then keeps the bytes
     */
    public long writeAtMost(GatheringByteChannel channel, long n) throws IOException {
        if (n < -1) {
            throw new IllegalArgumentException("n < -1: " + n);
        }
        return ReadOperations.write(state, Objects.requireNonNull(channel, "channel"), n < 0 ? Long.MAX_VALUE : n);
    }


    /**
     * Freezes one end ({@code evbuffer_freeze}): a frozen start refuses removing and prepending, a
     * frozen end adding. Threads: see the class.
     *
     * @param side the end to freeze
     * @throws IllegalStateException if a BufferEvent holds that end: it alone may change it
     */
    public void freeze(Side side) {
        setFrozen(side, true);
    }

    /**
     * Undoes {@link #freeze} ({@code evbuffer_unfreeze}). Threads: see the class.
     *
     * @param side the end to unfreeze
     * @throws IllegalStateException if a BufferEvent holds that end
     */
    public void unfreeze(Side side) {
        setFrozen(side, false);
    }

    private void setFrozen(Side side, boolean frozen) {
        state.setFrozen(Objects.requireNonNull(side, "side") == Side.START, frozen);
    }

    /**
     * Registers a callback told of every later change in length ({@code evbuffer_add_cb}).
     * Threads: see the class.
     *
     * @param callback told of each change, with the lengths added and removed
     * @return the entry that disables, enables or removes it
     */
    public CallbackEntry addCallback(EvBufferCallback callback) {
        return callbacks().add(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Removes a callback, which may be the one running ({@code evbuffer_remove_cb_entry}).
     * Threads: see the class.
     *
     * @param entry what {@link #addCallback} returned
     * @return true, or false if it was already removed
     * @throws IllegalArgumentException if the entry belongs to another buffer
     */
    public boolean removeCallback(CallbackEntry entry) {
        if (Objects.requireNonNull(entry, "entry").buffer != this) {
            throw new IllegalArgumentException("removeCallback: the entry belongs to " + entry.buffer
                    + ", not " + this);
        }
        return callbacks().remove(entry);
    }

    /**
     * Runs the callbacks later, on {@code base}'s loop thread, changes summed, instead of inside
     * the call that changed the buffer ({@code evbuffer_defer_callbacks}): how a buffer filled by
     * other threads is watched from one. Again to the same base does nothing; to another, moves.
     * Threads: see the class.
     *
     * @param base the loop whose thread runs the callbacks
     * @throws IllegalStateException if {@code base} is closed
     */
    public void deferCallbacks(EventBase base) {
        callbacks().deferTo(Objects.requireNonNull(base, "base"));
    }

    /** The callback list, made when first needed. */
    private Callbacks callbacks() {
        Lock l = state.lock();
        try {
            state.checkOpen();
            Callbacks c = (Callbacks) state.callbacks();
            if (c == null) {
                c = new Callbacks(this);
                state.setCallbacks(c);
            }
            return c;
        } finally {
            BufferState.release(l);
        }
    }


    /**
     * Makes the buffer safe to use from several threads ({@code evbuffer_enable_locking}); call it
     * before sharing the buffer. Callbacks then run with the lock held. Threads: see the class.
     *
     * @param lock a reentrant lock (several buffers may share one), or null for a new one
     * @throws IllegalStateException if locking is already enabled
     */
    public void enableLocking(Lock lock) {
        state.enableLocking(lock, this);
    }

    /** Takes the lock, making several calls one step ({@code evbuffer_lock}); no effect without locking. */
    public void lock() {
        state.lock();
    }

    /** Releases the lock taken by {@link #lock()} ({@code evbuffer_unlock}). */
    public void unlock() {
        state.unlock();
    }

    /**
     * Gives everything back ({@code evbuffer_free}): memory to the pool, referenced memory to its
     * cleanup, files to be closed when no buffer shares them; removes the callbacks and cancels a
     * deferred run. Closing twice does nothing. Threads: see the class.
     */
    @Override
    public void close() {
        Lock l = state.lock();
        try {
            Callbacks c = (Callbacks) state.callbacks();
            if (state.close() && c != null) {
                c.close();
            }
        } finally {
            BufferState.release(l);
        }
    }

    @Override
    public String toString() {
        return state.name();
    }

    static long checkCount(String name, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " < 0: " + n);
        }
        return n;
    }

    private static long checkContiguous(String name, long n) {
        if (checkCount(name, n) > BufferState.MAX_CONTIGUOUS) {
            throw new IllegalArgumentException(name + " > " + BufferState.MAX_CONTIGUOUS + ": " + n);
        }
        return n;
    }

    private EvBuffer checkOther(String name, EvBuffer other) {
        if (Objects.requireNonNull(other, name) == this) {
            throw new IllegalArgumentException(name + " is this buffer: " + this);
        }
        return other;
    }
}
