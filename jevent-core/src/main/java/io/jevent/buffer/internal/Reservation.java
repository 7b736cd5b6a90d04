package io.jevent.buffer.internal;

import java.nio.ByteBuffer;

/**
 * libevent's {@code evbuffer_reserve_space} and {@code evbuffer_commit_space} for one chain: free
 * memory handed out for the caller to fill, then made part of the chain. At most two extents: the
 * tail's room and, when that is short, the chain's spare segment. {@code expand} prepares the same
 * spare. The extents are writable windows of their own on the segments ({@link Segment#writeView()}),
 * so what the caller does to their position and limit cannot disturb the chain.
 */
public final class Reservation {
    private final Chain chain;
    private Segment first;
    private Segment second;
    private int count;
    private int mod;

    Reservation(Chain chain) {
        this.chain = chain;
    }

    /** Room for {@code n} more bytes to be appended without taking new memory ({@code evbuffer_expand}). */
    public void expand(long n) {
        Segment t = chain.tail;
        int room = t == null ? 0 : t.room();
        if (room < n) {
            chain.spareWithCapacity(n - room);
        }
    }

    /**
     * With one slot, one extent of at least {@code size} bytes; with more, the tail's room and, if
     * that is short, the spare; with a size of 0 and more slots, none (as libevent). Returns the
     * number of extents.
     */
    public int reserve(long size, ByteBuffer[] vec) {
        int n = 0;
        Segment t = chain.tail;
        int room = t == null ? 0 : t.room();
        if (vec.length == 1) {
            Segment s = room >= size && room > 0 ? t : chain.spareWithCapacity(Math.max(size, 1));
            vec[n++] = s.writeView();
            first = s;
        } else if (size > 0) {
            if (room > 0) {
                vec[n++] = t.writeView();
                first = t;
            }
            if (room < size) {
                Segment s = chain.spareWithCapacity(size - room);
                vec[n++] = s.writeView();
                if (n == 1) {
                    first = s;
                } else {
                    second = s;
                }
            }
        }
        count = n;
        mod = chain.modCount;
        return n;
    }

    /**
     * Commits what was written into the first {@code n} extents: each extent's position says how far
     * it was filled.
     *
     * @return the number of bytes committed
     * @throws IllegalStateException    if nothing is reserved or the chain changed since
     * @throws IllegalArgumentException if the extents are not the ones the last reserve handed
     *                                  out, in order, or one was positioned outside its room
     */
    public long commit(ByteBuffer[] vec, int n) {
        if (n == 0) {
            return 0;
        }
        if (count == 0 || mod != chain.modCount) {
            throw new IllegalStateException("commit: nothing is reserved, or the buffer changed since"
                    + " reserve(); call reserve() again");
        }
        int j = first.isWriteView(vec[0]) ? 0 : count == 2 && second.isWriteView(vec[0]) ? 1 : -1;
        boolean valid = j >= 0 && j + n <= count;
        for (int i = 0; valid && i < n; i++) {
            Segment s = i + j == 0 ? first : second;
            int p = vec[i].position();
            valid = s.isWriteView(vec[i]) && p >= s.end && p <= s.capacity;
        }
        if (!valid) {
            throw new IllegalArgumentException("commit: the " + n + " extents are not the space reserve()"
                    + " handed out, in order, or one was positioned outside it");
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            Segment s = i + j == 0 ? first : second;
            int added = vec[i].position() - s.end;
            if (added > 0) {
                if (s == chain.spare) {
                    chain.spare = null;
                    chain.linkLast(s);
                }
                s.end += added;
                total += added;
            }
        }
        chain.length += total;
        chain.modCount++;
        clear();
        return total;
    }

    void clear() {
        first = null;
        second = null;
        count = 0;
    }
}
