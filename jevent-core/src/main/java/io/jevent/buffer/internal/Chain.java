package io.jevent.buffer.internal;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * The segments of one EvBuffer and every operation that changes their structure: appending,
 * prepending, draining, moving and sharing runs of segments between chains, making bytes contiguous.
 *
 * <p>Invariant: every segment from {@link #head} to {@link #tail} holds at least one byte, and only
 * the tail may have free room that appends fill. Space handed out by {@code reserve} or promised by
 * {@code expand} that does not fit the tail waits in one unlinked {@link #spare} segment.
 *
 * <p>Not thread-safe: the owning EvBuffer serialises access. Arguments are trusted (the EvBuffer
 * checked them), so nothing here validates.
 */
public final class Chain {
    /**
     * Below this many bytes, a piece of a segment is copied rather than shared or relinked. Sharing
     * allocates a view and makes the memory read-only for good, and relinking a nearly empty segment
     * parks a whole 8 KiB block behind a handful of bytes; copying a few hundred bytes costs less
     * than either (Okio draws the same line at 1 KiB).
     */
    static final int COPY_LIMIT = 1024;
    /** libevent realigns a chain rather than adding one when at most this much data has to move. */
    private static final int REALIGN_LIMIT = 2048;

    Segment head;
    Segment tail;
    long length;
    /** Bumped by every change, so cursors and reservations can tell that they went stale. */
    int modCount;
    /** How many FILE segments the chain holds: byte-reading operations load them first. */
    int files;
    Segment spare;
    /** Space handed out by reserve() and not committed yet; made on first use. */
    private Reservation reservation;

    public long length() {
        return length;
    }

    /** Bytes in the first segment: what {@code pullup} returns without copying. */
    public long headSize() {
        return head == null ? 0 : head.size();
    }

    public Reservation reservation() {
        Reservation r = reservation;
        return r != null ? r : (reservation = new Reservation(this));
    }

    // ---------------------------------------------------------------- appending

    public void append(byte[] src, int off, int len) {
        modCount++;
        Segment t = tail;
        int at;
        if (t != null && t.writeLimit - (at = t.end) >= len) {
            // Bookkeeping first: the compiler must assume a copy to raw memory may change any field,
            // so fields updated after it would have to be read again.
            t.end = at + len;
            length += len;
            Memory.put(src, off, t, at, len);
        } else {
            appendAcross(src, off, len);
        }
    }

    /** The rest of {@link #append(byte[], int, int)}, kept apart so that the fast path stays small. */
    private void appendAcross(byte[] src, int off, int len) {
        while (len > 0) {
            Segment t = writableTail(len);
            int n = Math.min(t.capacity - t.end, len);
            Memory.put(src, off, t, t.end, n);
            t.end += n;
            length += n;
            off += n;
            len -= n;
        }
    }

    /** Copies {@code len} bytes of segment {@code src} from index {@code index}. */
    void append(Segment src, int index, int len) {
        append(src, src.buf, index, len);
    }

    /** Copies {@code len} bytes of {@code src} starting at absolute index {@code index}. */
    public void append(ByteBuffer src, int index, int len) {
        append(null, src, index, len);
    }

    /** Copies from {@code seg} when it is given (which may take a faster path), else from {@code buf}. */
    private void append(Segment seg, ByteBuffer buf, int index, int len) {
        modCount++;
        while (len > 0) {
            Segment t = writableTail(len);
            int n = Math.min(t.capacity - t.end, len);
            if (seg != null) {
                Memory.copy(seg, index, t, t.end, n);
            } else {
                t.buf.put(t.end, buf, index, n);
            }
            t.end += n;
            length += n;
            index += n;
            len -= n;
        }
    }

    /**
     * The segment appends go into, with room for at least one byte and, when possible, for
     * {@code wanted}: the tail (realigned as libevent does if that makes the bytes fit), else the
     * spare, else a fresh pooled segment. A new segment is linked empty; the caller fills it at once.
     */
    Segment writableTail(int wanted) {
        Segment t = tail;
        if (t != null && t.writable()) {
            int room = t.capacity - t.end;
            if (room < wanted && t.start > 0 && t.capacity - t.size() >= wanted
                    && t.size() < t.capacity / 2 && t.size() <= REALIGN_LIMIT) {
                Memory.copy(t, t.start, t, 0, t.size());
                t.end = t.size();
                t.start = 0;
                room = t.capacity - t.end;
            }
            if (room > 0) {
                return t;
            }
        }
        Segment s = fresh();
        linkLast(s);
        return s;
    }

    /** The spare if there is one, else a pooled segment: where appended bytes go after the tail. */
    Segment fresh() {
        Segment s = spare;
        if (s != null) {
            spare = null;
            return s;
        }
        return SegmentPool.take();
    }

    void linkLast(Segment s) {
        if (tail == null) {
            head = s;
        } else {
            tail.next = s;
        }
        tail = s;
    }

    /**
     * Links {@code s}, which holds its bytes between its start and end already, as the new tail:
     * received memory handed over instead of copied. The old tail's room, if any, stays unused.
     */
    void linkFilled(Segment s) {
        modCount++;
        length += s.size();
        linkLast(s);
    }

    // ---------------------------------------------------------------- prepending

    public void prepend(byte[] src, int off, int len) {
        prepend(src, null, off, len);
    }

    public void prepend(ByteBuffer src, int index, int len) {
        prepend(null, src, index, len);
    }

    /** Copies from {@code array} when it is given, else from {@code buf}. */
    private void prepend(byte[] array, ByteBuffer buf, int index, int len) {
        modCount++;
        Segment h = head;
        if (h != null && h.writable() && h.start > 0) {
            int n = Math.min(h.start, len);
            copyInto(h, h.start - n, array, buf, index + len - n, n);
            h.start -= n;
            length += n;
            len -= n;
        }
        while (len > 0) {
            int n = Math.min(Segment.SIZE, len);
            Segment s = linkFirstAtEnd(n);
            copyInto(s, s.start, array, buf, index + len - n, n);
            len -= n;
        }
    }

    private static void copyInto(Segment s, int at, byte[] array, ByteBuffer buf, int from, int n) {
        if (array != null) {
            Memory.put(array, from, s, at, n);
        } else {
            s.buf.put(at, buf, from, n);
        }
    }

    /**
     * Links a pooled segment in front whose last {@code n} bytes are to be filled, leaving its free
     * room before the data, where the next prepend will want it (libevent places prepends the same way).
     */
    private Segment linkFirstAtEnd(int n) {
        Segment s = SegmentPool.take();
        s.start = s.capacity - n;
        s.end = s.capacity;
        s.next = head;
        head = s;
        if (tail == null) {
            tail = s;
        }
        length += n;
        return s;
    }

    // ---------------------------------------------------------------- removing

    /** Removes the first {@code n <= length} bytes. */
    public void drain(long n) {
        if (n == 0) {
            return;
        }
        modCount++;
        length -= n;
        Segment s = head;
        Segment batch = null;
        while (s != null && n >= s.size()) {
            n -= s.size();
            Segment next = s.next;
            batch = dispose(s, batch);
            s = next;
        }
        head = s;
        if (s == null) {
            tail = null;
        } else {
            s.start += (int) n;
        }
        SegmentPool.recycleAll(batch);
    }

    /**
     * Gives a segment that left the chain back: unshared pooled segments join {@code batch} (linked
     * through {@code next}) so the caller returns them to the pool in one go; the rest release now.
     */
    private Segment dispose(Segment s, Segment batch) {
        if (s.isFile()) {
            files--;
        }
        if (s.isPooled() && !s.shared) {
            s.next = batch;
            return s;
        }
        s.release();
        return batch;
    }

    /** Copies {@code len} bytes starting at {@code index} of {@code s} (and following segments). */
    static void copy(Segment s, int index, byte[] dst, int off, int len) {
        int n = s.end - index;
        while (n < len) {
            Memory.get(s, index, dst, off, n);
            off += n;
            len -= n;
            s = s.next;
            index = s.start;
            n = s.end - index;
        }
        Memory.get(s, index, dst, off, len);
    }

    /** Copies {@code len} bytes starting at {@code index} of {@code s} into {@code dst} at {@code at}. */
    static void copy(Segment s, int index, ByteBuffer dst, int at, int len) {
        while (len > 0) {
            int n = Math.min(s.end - index, len);
            dst.put(at, s.buf, index, n);
            at += n;
            len -= n;
            s = s.next;
            if (s != null) {
                index = s.start;
            }
        }
    }

    /**
     * Copies {@code n} bytes from position {@code from} (with {@code from + n <= length}) into
     * {@code dst} at its position, and advances it. {@code c} resolves {@code from}: a pointer's
     * cursor, which saves a walk from the head when it is already near, or null when {@code from}
     * is 0.
     */
    public void copyOut(Cursor c, long from, ByteBuffer dst, int n) {
        if (n > 0) {
            Segment s = locate(c, from, n);
            copy(s, c == null ? s.start : c.index, dst, dst.position(), n);
            dst.position(dst.position() + n);
        }
    }

    /** As {@link #copyOut(Cursor, long, ByteBuffer, int)}, into an array at {@code off}. */
    public void copyOut(Cursor c, long from, byte[] dst, int off, int n) {
        if (n > 0) {
            Segment s = locate(c, from, n);
            copy(s, c == null ? s.start : c.index, dst, off, n);
        }
    }

    /** Loads the files among the {@code n} bytes from {@code from} and finds the segment holding it. */
    private Segment locate(Cursor c, long from, int n) {
        loadFiles(from + n);
        if (c == null) {
            return head;
        }
        c.seek(this, from);
        return c.seg;
    }

    // ---------------------------------------------------------------- moving between chains

    /** Moves every byte to the end of {@code dst}: relinks the segments, copies nothing but a small head. */
    void moveAllTo(Chain dst) {
        if (head == null) {
            return;
        }
        dst.linkRun(head, tail, files, length);
        forget();
    }

    /** Moves every byte to the front of {@code dst}. */
    public void moveAllToFront(Chain dst) {
        if (head == null) {
            return;
        }
        tail.next = dst.head;
        dst.head = head;
        if (dst.tail == null) {
            dst.tail = tail;
        }
        dst.length += length;
        dst.files += files;
        dst.modCount++;
        forget();
    }

    private void forget() {
        head = null;
        tail = null;
        length = 0;
        files = 0;
        modCount++;
    }

    /** Moves the first {@code n <= length} bytes to the end of {@code dst}; returns {@code n}. */
    public long move(Chain dst, long n) {
        if (n == length) {
            moveAllTo(dst);
        } else if (n > 0) {
            moveTo(dst, n);
        }
        return n;
    }

    /** Moves the first {@code n} bytes, {@code 0 < n < length}, to the end of {@code dst}. */
    private void moveTo(Chain dst, long n) {
        Segment s = head;
        Segment last = null;
        long whole = 0;
        int movedFiles = 0;
        while (n - whole >= s.size()) {
            whole += s.size();
            if (s.isFile()) {
                movedFiles++;
            }
            last = s;
            s = s.next;
        }
        if (last != null) {
            Segment first = head;
            head = s;
            last.next = null;
            files -= movedFiles;
            dst.linkRun(first, last, movedFiles, whole);
        }
        int k = (int) (n - whole);
        if (k > 0) {
            splitFront(k, dst);
        }
        length -= n;
        modCount++;
    }

    /**
     * Moves the first {@code k} bytes of the head segment, which holds more than {@code k}, to the
     * end of {@code dst}, choosing the cheapest way that keeps both sides' segments well filled.
     */
    private void splitFront(int k, Chain dst) {
        Segment s = head;
        int rest = s.size() - k;
        if (!s.isFile() && k <= rest && k < COPY_LIMIT) {
            dst.append(s, s.start, k);
            s.start += k;
        } else if (!s.isFile() && rest < COPY_LIMIT) {
            Segment back = SegmentPool.take();
            Memory.copy(s, s.start + k, back, 0, rest);
            back.end = rest;
            back.next = s.next;
            if (tail == s) {
                tail = back;
            }
            head = back;
            s.end = s.start + k;
            s.next = null;
            // libevent copies the front of a split chain, so it is no longer multicast there.
            s.multicast = false;
            dst.linkRun(s, s, 0, k);
        } else {
            Segment part = s.share(s.start, s.start + k);
            s.start += k;
            dst.linkRun(part, part, s.isFile() ? 1 : 0, k);
        }
    }

    /**
     * Appends the run {@code first..last} (holding {@code bytes} bytes, {@code nFiles} of them FILE
     * segments). When the run starts with a few bytes that fit in this chain's tail, they are copied
     * there and their segment goes back: a stream of small messages moved one by one then shares a
     * few segments instead of holding one whole segment per message.
     */
    void linkRun(Segment first, Segment last, int nFiles, long bytes) {
        modCount++;
        length += bytes;
        files += nFiles;
        Segment t = tail;
        if (t != null && first.copyableIntoTail() && first.size() < COPY_LIMIT && first.size() <= t.room()) {
            int n = first.size();
            Memory.copy(first, first.start, t, t.end, n);
            t.end += n;
            Segment second = first.next;
            SegmentPool.recycleAll(dispose(first, null));
            if (first == last) {
                return;
            }
            first = second;
        }
        if (t == null) {
            head = first;
        } else {
            t.next = first;
        }
        tail = last;
    }

    /** Appends views of all of this chain's bytes to {@code dst}; this chain keeps them. */
    public void shareAllTo(Chain dst) {
        for (Segment s = head; s != null; s = s.next) {
            Segment v = s.share(s.start, s.end);
            v.multicast = true;
            dst.linkRun(v, v, v.isFile() ? 1 : 0, v.size());
        }
    }

    /** Whether some bytes are shared from another buffer ({@code addBufferReference} refuses those). */
    public boolean holdsShared() {
        for (Segment s = head; s != null; s = s.next) {
            if (s.multicast) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends the bytes between {@code data}'s position and limit without copying them;
     * {@code cleanup} gets {@code data} back when no segment uses them any more.
     */
    public void appendReference(ByteBuffer data, Consumer<? super ByteBuffer> cleanup) {
        Segment s = Segment.reference(data, cleanup);
        linkRun(s, s, 0, s.size());
    }

    /**
     * Appends {@code length} bytes of {@code file} from {@code offset} as FILE segments of at most
     * 1 GiB each, which all share one region that closes the channel when the last of them goes.
     */
    public void appendFile(FileChannel file, long offset, long length) {
        int parts = (int) ((length + Segment.MAX_FILE_SEGMENT - 1) / Segment.MAX_FILE_SEGMENT);
        FileRegion region = new FileRegion(file, parts);
        for (long at = offset, left = length; left > 0; ) {
            int n = (int) Math.min(left, Segment.MAX_FILE_SEGMENT);
            Segment s = Segment.file(region, at, n);
            linkRun(s, s, 1, n);
            at += n;
            left -= n;
        }
    }

    // ---------------------------------------------------------------- contiguity

    /**
     * Makes the first {@code n} bytes ({@code 0 < n <= length}) contiguous and returns
     * a read-only view of them. Like libevent, it grows the head in place when it has the room and
     * copies into one new segment otherwise.
     */
    public ByteBuffer pullup(int n) {
        loadFiles(n);
        Segment h = head;
        if (h.size() >= n) {
            return h.readView(h.start, h.start + n);
        }
        modCount++;
        Segment target;
        Segment s;
        if (h.writable() && h.capacity - h.start >= n) {
            target = h;
            s = h.next;
        } else {
            target = n <= Segment.SIZE ? SegmentPool.take() : Segment.heap(n);
            s = h;
        }
        int need = n - (target == h ? h.size() : 0);
        Segment batch = null;
        while (need > 0) {
            int take = Math.min(need, s.size());
            Memory.copy(s, s.start, target, target.end, take);
            target.end += take;
            need -= take;
            if (take < s.size()) {
                s.start += take;
                break;
            }
            Segment next = s.next;
            batch = dispose(s, batch);
            s = next;
        }
        target.next = s;
        head = target;
        if (s == null) {
            tail = target;
        }
        SegmentPool.recycleAll(batch);
        return target.readView(target.start, target.start + n);
    }

    /**
     * Replaces the FILE segments that start before {@code upTo} with pooled segments holding their
     * bytes. On a read error the chain is left as it was.
     */
    public void loadFiles(long upTo) {
        if (files == 0) {
            return;
        }
        long pos = 0;
        Segment prev = null;
        Segment s = head;
        while (s != null && pos < upTo) {
            Segment next = s.next;
            if (s.isFile()) {
                Segment first = s.file.load(s.filePosition(s.start), s.size());
                Segment last = first;
                while (last.next != null) {
                    last = last.next;
                }
                if (prev == null) {
                    head = first;
                } else {
                    prev.next = first;
                }
                last.next = next;
                if (tail == s) {
                    tail = last;
                }
                files--;
                s.release();
                modCount++;
                prev = last;
            } else {
                prev = s;
            }
            pos += s.size();
            s = next;
        }
    }


    // ---------------------------------------------------------------- the end

    /**
     * The spare, replaced by a bigger one if it holds fewer than {@code capacity} bytes: pooled up
     * to a segment's size, one heap block beyond.
     */
    Segment spareWithCapacity(long capacity) {
        Segment s = spare;
        if (s == null || s.capacity < capacity) {
            if (s != null) {
                SegmentPool.recycleAll(dispose(s, null));
            }
            s = capacity <= Segment.SIZE ? SegmentPool.take() : Segment.heap((int) capacity);
            spare = s;
        }
        return s;
    }

    /** Gives back every segment and the spare. */
    public void releaseAll() {
        Segment batch = null;
        for (Segment s = head; s != null; ) {
            Segment next = s.next;
            batch = dispose(s, batch);
            s = next;
        }
        if (spare != null) {
            batch = dispose(spare, batch);
            spare = null;
        }
        if (reservation != null) {
            reservation.clear();
        }
        forget();
        SegmentPool.recycleAll(batch);
    }
}
