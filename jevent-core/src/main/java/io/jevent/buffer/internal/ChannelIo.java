package io.jevent.buffer.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Channel reads into and writes from one buffer's chain, one system call each.
 *
 * <p>Reads go straight into direct segment memory: the tail's free room first, then fresh pooled
 * segments, in one scattering read. How much to offer is learned per buffer, because Java has no
 * FIONREAD for a socket channel (libevent asks the kernel, then caps a read at 4 KiB): the offer
 * starts at one segment and doubles (up to {@link #MAX_READ}) after every read that filled it;
 * after a read that did not, it comes down towards one segment more than that read got, by at most
 * a quarter per read. A connection that trickles small messages costs one segment per read, one
 * that receives 64 KiB messages reads each into nine segments, and a bulk transfer soon reads
 * 256 KiB per call. The fresh segments of a read come from the pool in one batch, and those it did
 * not use go back in one batch.
 *
 * <p>Writes gather up to {@link #MAX_IOV} segments into one write over a reused array; a FILE segment
 * at the head goes out alone with {@code transferTo} (sendfile for a socket).
 */
public final class ChannelIo {
    static final int MAX_IOV = 64;
    static final int MAX_READ = 256 * 1024;

    private final Chain c;
    /** Reused for gathering writes and scattering reads; made on the first channel operation. */
    private ByteBuffer[] iov;
    /** How many bytes the next learned read offers. */
    private int offer = Segment.SIZE;

    ChannelIo(Chain chain) {
        this.c = chain;
    }

    /**
     * A read that filled the offer doubles it. One that did not lowers it towards one segment more
     * than it got, by at most a quarter per read: a message that arrives in two reads then does not
     * pull the offer down to its smaller half, and a stream of large reads is not undone by one
     * small one.
     */
    private void record(long got, int offered) {
        if (got >= offered) {
            offer = Math.min(offer << 1, MAX_READ);
        } else {
            long fits = Math.min(MAX_READ, (got / Segment.SIZE + 1) * Segment.SIZE);
            offer = (int) Math.max(offer - (offer >>> 2), fits);
        }
    }

    private ByteBuffer[] iov() {
        ByteBuffer[] v = iov;
        if (v == null) {
            v = new ByteBuffer[MAX_IOV];
            iov = v;
        }
        return v;
    }

    /**
     * Reads at most {@code max} bytes, or the learned amount when {@code max} is -1. Returns the
     * number of bytes read, 0 when the channel had none ready, -1 at end of stream.
     */
    public int read(ReadableByteChannel ch, int max) throws IOException {
        if (ch instanceof SegmentChannel sc) {
            return receive(sc, max < 0 ? MAX_READ : max);
        }
        return max < 0 ? read(ch, offer, true) : read(ch, max, false);
    }

    /**
     * Reads the learned amount, but no more than {@code cap} (-1: no cap): what a BufferEvent's read
     * does, whose cap (its max single read) is a ceiling, not a request. A connection with small
     * messages then reads into one segment with a plain read, however large its cap; libevent
     * likewise reads no more than the socket holds.
     */
    public int readLearned(ReadableByteChannel ch, int cap) throws IOException {
        if (ch instanceof SegmentChannel sc) {
            return receive(sc, cap < 0 ? MAX_READ : cap);
        }
        return cap < 0 || cap >= offer ? read(ch, offer, true) : read(ch, cap, false);
    }

    /** A channel that hands over whole segments needs no offer: it moves what it holds, up to {@code max}. */
    private int receive(SegmentChannel sc, int max) throws IOException {
        return max == 0 ? 0 : sc.receive(c, max);
    }

    private int read(ReadableByteChannel ch, int want, boolean learning) throws IOException {
        if (want == 0) {
            return 0;
        }
        ByteBuffer[] iov = iov();
        boolean scatter = ch instanceof ScatteringByteChannel;
        int k = 0;
        int offered = 0;
        Segment t = c.tail;
        int tailRoom = t == null ? 0 : Math.min(t.room(), want);
        if (tailRoom > 0) {
            iov[k++] = t.ioView(t.end, t.end + tailRoom);
            offered = tailRoom;
        }
        Segment fresh = null;
        if (offered < want && (k == 0 || scatter)) {
            Segment spare = c.spare;
            int pooled = (want - offered - (spare == null ? 0 : spare.capacity) + Segment.SIZE - 1) / Segment.SIZE;
            pooled = Math.max(0, Math.min(pooled, (scatter ? MAX_IOV : 1) - k - (spare == null ? 0 : 1)));
            fresh = SegmentPool.takeRun(pooled);
            if (spare != null) {
                c.spare = null;
                spare.next = fresh;
                fresh = spare;
            }
            for (Segment s = fresh; s != null; s = s.next) {
                int n = Math.min(s.capacity, want - offered);
                iov[k++] = s.ioView(0, n);
                offered += n;
            }
        }
        c.modCount++;
        long r;
        try {
            r = k == 1 ? ch.read(iov[0]) : ((ScatteringByteChannel) ch).read(iov, 0, k);
        } catch (IOException | RuntimeException e) {
            clear(iov, k);
            giveBack(fresh);
            throw e;
        }
        if (r <= 0) {
            clear(iov, k);
            giveBack(fresh);
            return (int) r;
        }
        int i = 0;
        if (tailRoom > 0) {
            t.end = iov[i++].position();
        }
        Segment unused = null;
        for (Segment s = fresh; s != null; i++) {
            Segment next = s.next;
            s.next = null;
            int filled = iov[i].position();
            if (filled > 0) {
                s.end = filled;
                c.linkLast(s);
            } else if (unused == null) {
                unused = s;
            } else {
                s.next = unused;
                unused = s;
            }
            s = next;
        }
        clear(iov, k);
        giveBack(unused);
        c.length += r;
        if (learning) {
            record(r, offered);
        }
        return (int) r;
    }

    /**
     * Returns fresh segments the read did not fill. They go back to the pool rather than waiting in
     * the buffer, so that an idle connection holds no memory.
     */
    private static void giveBack(Segment run) {
        Segment batch = null;
        for (Segment s = run; s != null; ) {
            Segment next = s.next;
            s.next = null;
            if (s.isPooled()) {
                s.next = batch;
                batch = s;
            }
            s = next;
        }
        SegmentPool.recycleAll(batch);
    }

    /**
     * Writes at most {@code max} bytes ({@code max >= 0}) with one gathering write, or one
     * transferTo when a file segment is first. Returns the number written, already drained.
     */
    public long write(GatheringByteChannel ch, long max) throws IOException {
        if (ch instanceof SegmentChannel sc) {
            return send(sc, ch, max);
        }
        return gather(ch, max);
    }

    /**
     * Drains what the channel reports sent, then lets it send the next bytes from the segments
     * themselves; what it cannot take that way (a file or heap segment first, a write through at
     * once) goes through its byte-buffer methods.
     */
    private long send(SegmentChannel sc, GatheringByteChannel ch, long max) throws IOException {
        long done = Math.min(sc.takeSent(), c.length);
        c.drain(done);
        long rest = max - done;
        if (rest <= 0 || c.head == null || sc.sendSegments(c, rest)) {
            return done;
        }
        return done + gather(ch, rest);
    }

    private long gather(GatheringByteChannel ch, long max) throws IOException {
        Segment h = c.head;
        if (h == null || max == 0) {
            return 0;
        }
        long w;
        if (h.isFile()) {
            WritableByteChannel target = ch instanceof SendfileTarget t ? t.sendfileTarget() : ch;
            w = h.file.transferTo(h.filePosition(h.start), Math.min(h.size(), max), target);
        } else {
            ByteBuffer[] iov = iov();
            int k = 0;
            long total = 0;
            for (Segment s = h; s != null && k < MAX_IOV && total < max && !s.isFile(); s = s.next) {
                int n = (int) Math.min(s.size(), max - total);
                iov[k++] = s.ioView(s.start, s.start + n);
                total += n;
            }
            c.modCount++;
            try {
                w = k == 1 ? ch.write(iov[0]) : ch.write(iov, 0, k);
            } finally {
                clear(iov, k);
            }
        }
        c.drain(w);
        return w;
    }

    /**
     * Gives the segments' windows their full limits back and drops the array's references, so that
     * it does not keep drained user or heap memory alive.
     */
    private static void clear(ByteBuffer[] iov, int k) {
        for (int i = 0; i < k; i++) {
            iov[i].clear();
            iov[i] = null;
        }
    }
}
