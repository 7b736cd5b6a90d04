package io.jevent.buffer.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * One link of an EvBuffer's chain: a run of readable bytes {@code [start, end)} inside some memory,
 * plus, for writable kinds, free room {@code [end, capacity)} after them.
 *
 * <p>The memory is one of: a slice of a pooled direct arena ({@link #POOLED}), a heap buffer made
 * for one oversized contiguous request ({@link #HEAP}), a user's buffer added by reference
 * ({@link #REFERENCE}), another segment's memory seen through a second window ({@link #VIEW}), or a
 * region of a file that is not in memory at all ({@link #FILE}).
 *
 * <p>A segment object belongs to exactly one chain at a time and is touched only by the thread that
 * owns that chain. Memory, however, can be seen by several segments (in several buffers, on several
 * threads): the segment that owns it counts its users in {@code refs} with atomic operations, and
 * once memory is {@link #shared} nobody writes into it again, so readers never race a writer.
 */
final class Segment {
    /** Bytes in one pooled segment: Okio's size, big enough for a typical socket read. */
    static final int SIZE = 8192;
    /** The largest file range one FILE segment covers, so that offsets stay {@code int}. */
    static final int MAX_FILE_SEGMENT = 1 << 30;

    static final byte POOLED = 0;
    static final byte HEAP = 1;
    static final byte REFERENCE = 2;
    static final byte VIEW = 3;
    static final byte FILE = 4;

    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Segment.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final byte kind;
    /** This segment's own window on its memory (little-endian, for word-at-a-time scans); null for FILE. */
    final ByteBuffer buf;
    /** Where {@link #buf}'s memory starts, for {@link Memory}; 0 when it is not direct. */
    final long address;
    /** Cached by {@link #kernelAddress()}. */
    private long kernelAddress;
    final int capacity;
    int start;
    int end;
    /**
     * Where appends must stop: {@link #capacity} while this memory may be written, 0 once it may not
     * (a reference, a view, a file, shared memory). Kept as a field so that the append fast path
     * decides with one subtraction.
     */
    int writeLimit;
    Segment next;

    /** True once another segment may see this memory: from then on it is read-only for everyone. */
    boolean shared;
    /**
     * A view made by {@code addBufferReference} (libevent's {@code EVBUFFER_MULTICAST}): bytes that
     * another buffer still holds, which libevent refuses to share again. A view made to split a
     * segment between two buffers is not one; libevent copies there.
     */
    boolean multicast;
    /** Number of segments using the memory this segment owns (itself included); atomic once shared. */
    @SuppressWarnings("unused")
    private int refs = 1;
    /** For pooled segments, the serial number of the arena the memory was cut from. */
    long arena;
    /** For VIEW: the segment that owns the memory. Otherwise this segment itself. */
    final Segment owner;
    /** Read-only window handed to users by peek and pullup; made once, reused for the segment's life. */
    private ByteBuffer readView;
    /** Writable window handed to users by reserve, so that what they do to it cannot disturb {@link #buf}. */
    private ByteBuffer writeView;

    /** REFERENCE: the user's buffer and what to do when no segment uses it any more. */
    final ByteBuffer userBuffer;
    final Consumer<? super ByteBuffer> cleanup;

    /** FILE: the shared file and the file offset that {@code start == 0} stands for. */
    final FileRegion file;
    final long fileBase;

    private Segment(byte kind, ByteBuffer buf, int capacity, Segment owner, ByteBuffer userBuffer,
            Consumer<? super ByteBuffer> cleanup, FileRegion file, long fileBase) {
        this.kind = kind;
        this.buf = buf;
        this.address = buf == null ? 0 : Memory.address(buf);
        this.capacity = capacity;
        this.owner = owner == null ? this : owner;
        this.userBuffer = userBuffer;
        this.cleanup = cleanup;
        this.file = file;
        this.fileBase = fileBase;
        this.writeLimit = kind == POOLED || kind == HEAP ? capacity : 0;
    }

    /**
     * A segment cut from pooled arena number {@code arena}: the pool keeps the segments of its oldest
     * arenas when it gives memory back, so that the newer arenas become wholly unreachable.
     */
    static Segment pooled(ByteBuffer slice, long arena) {
        Segment s = new Segment(POOLED, slice.order(ByteOrder.LITTLE_ENDIAN), slice.capacity(), null, null, null, null, 0);
        s.arena = arena;
        return s;
    }

    /** Heap memory for a contiguous request larger than {@link #SIZE}; the garbage collector frees it. */
    static Segment heap(int capacity) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        return new Segment(HEAP, b, capacity, null, null, null, null, 0);
    }

    /** Wraps the bytes between the user's position and limit; the user's buffer itself is not touched. */
    static Segment reference(ByteBuffer user, Consumer<? super ByteBuffer> cleanup) {
        ByteBuffer b = user.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Segment s = new Segment(REFERENCE, b, b.limit(), null, user, cleanup, null, 0);
        s.start = user.position();
        s.end = user.limit();
        return s;
    }

    static Segment file(FileRegion file, long fileBase, int length) {
        Segment s = new Segment(FILE, null, length, null, null, null, file, fileBase);
        s.end = length;
        return s;
    }

    int size() {
        return end - start;
    }

    /** Free room after the readable bytes, or 0 when this memory must not be written. */
    int room() {
        return Math.max(0, writeLimit - end);
    }

    boolean writable() {
        return writeLimit != 0;
    }

    boolean isFile() {
        return kind == FILE;
    }

    /**
     * Whether this segment may be copied into another chain's tail and given back instead of being
     * linked: only for memory jevent owns. A user's referenced buffer (whose cleanup would run
     * early), a file, and bytes shared by {@code addBufferReference} stay linked, the last so that
     * whichever buffer holds them keeps knowing it, as libevent's multicast chains do.
     */
    boolean copyableIntoTail() {
        return kind == POOLED || kind == HEAP || kind == VIEW && !multicast && owner.kind != REFERENCE;
    }

    boolean isPooled() {
        return kind == POOLED;
    }

    /** Position in the file of the byte at index {@code i} of a FILE segment. */
    long filePosition(int i) {
        return fileBase + i;
    }

    /**
     * A second segment over bytes {@code [from, to)} of this one, for another chain. The memory
     * becomes shared (read-only) and stays alive until the last segment using it is released.
     */
    Segment share(int from, int to) {
        Segment s;
        if (kind == FILE) {
            file.retain();
            s = new Segment(FILE, null, capacity, null, null, null, file, fileBase);
        } else {
            Segment o = owner;
            o.shared = true;
            o.writeLimit = 0;
            REFS.getAndAdd(o, 1);
            ByteBuffer b = o.buf.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
            s = new Segment(VIEW, b, o.capacity, o, null, null, null, 0);
        }
        s.start = from;
        s.end = to;
        return s;
    }

    /**
     * Gives back what this segment holds: pooled memory to the pool, the user's buffer to its
     * cleanup, a file reference to its region. Shared memory goes back only with its last user.
     */
    void release() {
        next = null;
        switch (kind) {
            case FILE:
                file.release();
                return;
            case VIEW:
                owner.releaseMemory();
                return;
            default:
                releaseMemory();
        }
    }

    /**
     * Whether the kernel may be handed this segment's memory by address for a later write: direct
     * memory that stays where it is (not a file, not a heap array the garbage collector may move).
     */
    boolean pinnable() {
        return kind != FILE && buf.isDirect() && kernelAddress() != 0;
    }

    /**
     * Where index 0 of this segment's memory is, for the kernel: {@link #address} when jevent reads
     * memory with Unsafe, else what {@link NativeAddress} finds (once per segment, which a pooled
     * segment keeps for its whole life); 0 when not direct or not known.
     */
    long kernelAddress() {
        long a = kernelAddress;
        if (a == 0 && buf != null && buf.isDirect()) {
            a = address != 0 ? address : NativeAddress.of(buf);
            kernelAddress = a;
        }
        return a;
    }

    /**
     * Keeps this segment's memory alive and unchanged for someone outside any chain (a send the
     * kernel reads later): the memory becomes shared, so nobody writes into it or moves its bytes
     * again, and it goes back to the pool only after {@link #unpin} and the chain's own release.
     * Allocates nothing.
     */
    void pin() {
        Segment o = owner;
        o.shared = true;
        o.writeLimit = 0;
        REFS.getAndAdd(o, 1);
    }

    /** Ends one {@link #pin}; the memory goes back with its last user. */
    void unpin() {
        owner.releaseMemory();
    }

    private void releaseMemory() {
        if (shared && (int) REFS.getAndAdd(this, -1) != 1) {
            return;
        }
        if (kind == POOLED) {
            SegmentPool.recycle(this);
        } else if (kind == REFERENCE && cleanup != null) {
            cleanup.accept(userBuffer);
        }
    }

    /** Resets a pooled segment for its next user; called by the pool with no one else holding it. */
    void reset() {
        start = 0;
        end = 0;
        next = null;
        shared = false;
        writeLimit = capacity;
        REFS.set(this, 1);
    }

    /**
     * The read-only window over {@code [from, to)}, positioned there. It is the same object on every
     * call, so a view stays valid only until the next call that hands one out for this segment.
     */
    ByteBuffer readView(int from, int to) {
        ByteBuffer v = readView;
        if (v == null) {
            v = buf.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
            readView = v;
        }
        v.limit(to).position(from);
        return v;
    }

    /**
     * The free room after the data, in a writable window of its own, positioned at {@link #end}:
     * the same object on every call.
     */
    ByteBuffer writeView() {
        ByteBuffer v = writeView;
        if (v == null) {
            v = buf.duplicate();
            writeView = v;
        }
        v.limit(capacity).position(end);
        return v;
    }

    boolean isWriteView(ByteBuffer b) {
        return b != null && b == writeView;
    }

    /**
     * {@link #buf} narrowed to {@code [from, to)} for channel I/O. Everything else uses absolute
     * access, which the JDK checks against the limit, so the caller must {@link ByteBuffer#clear()}
     * it again when the I/O is done.
     */
    ByteBuffer ioView(int from, int to) {
        return buf.limit(to).position(from);
    }
}
