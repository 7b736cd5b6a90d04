package io.jevent.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One io_uring instance: its descriptor, its submission and completion rings and its SQE array,
 * mapped into this process. It knows the kernel's memory protocol and nothing of jevent's events.
 *
 * <p><b>Memory order.</b> The kernel consumes SQEs up to the SQ tail and posts CQEs up to the CQ
 * tail; each side publishes its index with a release store and reads the other's with an acquire
 * load (the {@code smp_store_release}/{@code smp_load_acquire} pairs of the kernel's side). So an
 * SQE is written in full before the tail that hands it over is stored, and a CQE is read only after
 * the tail that covers it was loaded, and handed back (the CQ head stored) only once read.
 *
 * <p><b>Setup flags.</b> The ring is created with {@code IORING_SETUP_SINGLE_ISSUER},
 * {@code DEFER_TASKRUN} and {@code COOP_TASKRUN} when the kernel takes them (6.1+): completions are
 * then processed only when the ring's one submitting thread enters the kernel to wait for them,
 * never by interrupting it. The kernel then refuses every other thread's {@code io_uring_enter}
 * ({@code EEXIST}), and takes the submitting thread to be the one that enables a ring created
 * disabled ({@code IORING_SETUP_R_DISABLED}); {@link #enable} does that, on the thread that will
 * poll. A kernel that refuses those flags ({@code EINVAL}) gets a ring without them, which any
 * thread may enter.
 *
 * <p>Not thread-safe: one thread at a time, with happens-before between them (the loop's lock).
 */
final class IoUringRing {
    /** Setup flag sets, best first; the next is tried when the kernel says EINVAL. */
    private static final int[] FLAG_LADDER = {
        IoUring.SETUP_SINGLE_ISSUER | IoUring.SETUP_DEFER_TASKRUN | IoUring.SETUP_COOP_TASKRUN
                | IoUring.SETUP_SUBMIT_ALL | IoUring.SETUP_R_DISABLED,
        IoUring.SETUP_COOP_TASKRUN | IoUring.SETUP_SUBMIT_ALL,
        0,
    };
    private static final int NEEDED_FEATURES = IoUring.FEAT_SINGLE_MMAP | IoUring.FEAT_NODROP | IoUring.FEAT_EXT_ARG;
    private static final int SQ_CQ_OVERFLOW = 1 << 1;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    final int fd;
    /** The setup flags the kernel took. */
    final int flags;
    private final MemorySegment errno;
    /** Holds {@link #waitArg}; closed with the ring. */
    private final Arena arena;
    private final MemorySegment rings;
    private final MemorySegment sqes;
    private final MemorySegment waitArg;
    private final int sqEntries;
    private final int sqMask;
    private final int cqMask;
    private final long sqHead;
    private final long sqTailAt;
    private final long sqFlags;
    private final long cqHeadAt;
    private final long cqTailAt;
    private final long cqes;

    /** The SQ tail as written so far; published to the kernel by {@link #enter}. */
    private int sqTail;
    /** The next CQE to read; published to the kernel by {@link #completionsRead}. */
    private int cqHead;
    private boolean closed;

    /** The last completion {@link #nextCompletion} read. */
    long cqeUserData;
    int cqeRes;
    int cqeFlags;

    private IoUringRing(int fd, int flags, MemorySegment errno, MemorySegment params, MemorySegment rings,
            MemorySegment sqes, Arena arena) {
        this.fd = fd;
        this.flags = flags;
        this.errno = errno;
        this.arena = arena;
        this.rings = rings;
        this.sqes = sqes;
        this.waitArg = arena.allocate(IoUring.GETEVENTS_ARG_SIZE + IoUring.TIMESPEC_SIZE, 8);
        waitArg.set(ValueLayout.JAVA_INT, IoUring.ARG_SIGMASK_SZ, 8);
        waitArg.set(ValueLayout.JAVA_LONG, IoUring.ARG_TS, waitArg.address() + IoUring.GETEVENTS_ARG_SIZE);
        this.sqEntries = params.get(ValueLayout.JAVA_INT, IoUring.P_SQ_ENTRIES);
        long sq = IoUring.P_SQ_OFF;
        long cq = IoUring.P_CQ_OFF;
        this.sqHead = params.get(ValueLayout.JAVA_INT, sq + IoUring.SQ_HEAD);
        this.sqTailAt = params.get(ValueLayout.JAVA_INT, sq + IoUring.SQ_TAIL);
        this.sqFlags = params.get(ValueLayout.JAVA_INT, sq + IoUring.SQ_FLAGS);
        this.sqMask = rings.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, sq + IoUring.SQ_RING_MASK));
        this.cqHeadAt = params.get(ValueLayout.JAVA_INT, cq + IoUring.CQ_HEAD);
        this.cqTailAt = params.get(ValueLayout.JAVA_INT, cq + IoUring.CQ_TAIL);
        this.cqes = params.get(ValueLayout.JAVA_INT, cq + IoUring.CQ_CQES);
        this.cqMask = rings.get(ValueLayout.JAVA_INT, params.get(ValueLayout.JAVA_INT, cq + IoUring.CQ_RING_MASK));
        this.sqTail = (int) INT.getAcquire(rings, sqTailAt);
        this.cqHead = (int) INT.getAcquire(rings, cqHeadAt);
        // SQ slot i always holds SQE i: the indirection array is set once.
        long array = params.get(ValueLayout.JAVA_INT, sq + IoUring.SQ_ARRAY);
        for (int i = 0; i < sqEntries; i++) {
            rings.set(ValueLayout.JAVA_INT, array + 4L * i, i);
        }
    }

    /**
     * Creates a ring, disabled if the kernel took {@code SINGLE_ISSUER} (call {@link #enable} on the
     * thread that will enter it).
     *
     * @param entries   SQ size (a power of two; the kernel clamps it)
     * @param cqEntries CQ size
     * @param errno     the errno capture segment its calls use; outlives the ring
     * @throws IOException naming the errno and what to do, if the kernel cannot give one
     */
    static IoUringRing open(int entries, int cqEntries, MemorySegment errno) throws IOException {
        try (Arena temporary = Arena.ofConfined()) {
            return open(entries, cqEntries, errno, temporary.allocate(IoUring.PARAMS_SIZE, 8));
        }
    }

    private static IoUringRing open(int entries, int cqEntries, MemorySegment errno, MemorySegment params)
            throws IOException {
        int fd = -1;
        int flags = 0;
        for (int tried : FLAG_LADDER) {
            params.fill((byte) 0);
            flags = tried | IoUring.SETUP_CQSIZE | IoUring.SETUP_CLAMP;
            params.set(ValueLayout.JAVA_INT, IoUring.P_FLAGS, flags);
            params.set(ValueLayout.JAVA_INT, IoUring.P_CQ_ENTRIES, cqEntries);
            fd = IoUring.setup(errno, entries, params);
            if (fd >= 0 || Libc.errno(errno) != Libc.EINVAL) {
                break;
            }
        }
        if (fd < 0) {
            throw new IOException(explainSetupFailure(Libc.errno(errno)));
        }
        int features = params.get(ValueLayout.JAVA_INT, IoUring.P_FEATURES);
        if ((features & NEEDED_FEATURES) != NEEDED_FEATURES) {
            Libc.close(fd);
            throw new IOException("this kernel's io_uring lacks features jevent needs (IORING_FEAT_SINGLE_MMAP,"
                    + " NODROP and EXT_ARG: Linux 5.11 or later; it reports 0x" + Integer.toHexString(features)
                    + ")");
        }
        long sqSize = params.get(ValueLayout.JAVA_INT, IoUring.P_SQ_OFF + IoUring.SQ_ARRAY)
                + 4L * params.get(ValueLayout.JAVA_INT, IoUring.P_SQ_ENTRIES);
        long cqSize = params.get(ValueLayout.JAVA_INT, IoUring.P_CQ_OFF + IoUring.CQ_CQES)
                + IoUring.CQE_SIZE * params.get(ValueLayout.JAVA_INT, IoUring.P_CQ_ENTRIES);
        MemorySegment rings = IoUring.map(errno, fd, Math.max(sqSize, cqSize), IoUring.OFF_SQ_RING);
        if (rings == MemorySegment.NULL) {
            int e = Libc.errno(errno);
            Libc.close(fd);
            throw new IOException("mmap of the io_uring rings failed: errno " + e);
        }
        MemorySegment sqes = IoUring.map(errno, fd,
                IoUring.SQE_SIZE * params.get(ValueLayout.JAVA_INT, IoUring.P_SQ_ENTRIES), IoUring.OFF_SQES);
        if (sqes == MemorySegment.NULL) {
            int e = Libc.errno(errno);
            IoUring.unmap(rings);
            Libc.close(fd);
            throw new IOException("mmap of the io_uring SQE array failed: errno " + e);
        }
        // Shared: the loop thread enters the ring, but whoever closes the base closes it.
        return new IoUringRing(fd, flags, errno, params, rings, sqes, Arena.ofShared());
    }

    /** The message for a failed {@code io_uring_setup}: the errno, what it means, what to do. */
    static String explainSetupFailure(int e) {
        return switch (e) {
            case Libc.ENOSYS -> "io_uring_setup failed with ENOSYS: this kernel has no io_uring (it needs Linux"
                    + " 5.13 or later built with CONFIG_IO_URING)";
            case Libc.EPERM -> "io_uring_setup failed with EPERM: " + whyNotPermitted();
            case Libc.ENOMEM -> "io_uring_setup failed with ENOMEM: the kernel could not allocate or lock the"
                    + " ring's memory (before Linux 5.12 it counts against RLIMIT_MEMLOCK); raise that limit";
            case Libc.EMFILE -> "io_uring_setup failed with EMFILE: the process has no descriptor left for the"
                    + " ring; raise the open-files limit";
            default -> "io_uring_setup failed with errno " + e;
        };
    }

    /** Why the kernel refuses io_uring to this process, from the sysctl that can say so. */
    private static String whyNotPermitted() {
        String setting;
        try {
            setting = Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
        } catch (IOException | RuntimeException e) {
            setting = "";
        }
        return switch (setting) {
            case "0" -> "the sysctl kernel.io_uring_disabled is 0, so a seccomp filter forbids it (as container"
                    + " runtimes' default profiles do); allow io_uring_setup, io_uring_enter and"
                    + " io_uring_register there";
            case "1" -> "the sysctl kernel.io_uring_disabled is 1, which allows io_uring only to the members of"
                    + " the group kernel.io_uring_group names; add this process's user to it, or set the sysctl"
                    + " to 0";
            case "2" -> "the sysctl kernel.io_uring_disabled is 2, which switches io_uring off for every"
                    + " process; set it to 0";
            default -> "io_uring is switched off for this process (the sysctl kernel.io_uring_disabled) or"
                    + " a seccomp filter forbids it (as container runtimes' default profiles do); allow it there";
        };
    }

    /**
     * Enables a ring created disabled, making the calling thread its one submitter; a no-op for a
     * ring created enabled.
     *
     * @throws IOException if the kernel refused
     */
    void enable() throws IOException {
        if ((flags & IoUring.SETUP_R_DISABLED) != 0
                && IoUring.register(errno, fd, IoUring.REGISTER_ENABLE_RINGS, MemorySegment.NULL, 0) < 0) {
            throw new IOException("io_uring_register(IORING_REGISTER_ENABLE_RINGS) failed: errno "
                    + Libc.errno(errno));
        }
    }

    /**
     * The next free SQE's offset in {@link #sqes}, zeroed but for the opcode, descriptor and user
     * data every request has; -1 when the SQ is full.
     */
    private long nextSqe(byte opcode, int fd, long userData) {
        int head = (int) INT.getAcquire(rings, sqHead);
        if (sqTail - head >= sqEntries) {
            return -1;
        }
        long at = (long) (sqTail & sqMask) * IoUring.SQE_SIZE;
        for (long o = 0; o < IoUring.SQE_SIZE; o += 8) {
            sqes.set(ValueLayout.JAVA_LONG, at + o, 0L);
        }
        sqes.set(ValueLayout.JAVA_BYTE, at + IoUring.SQE_OPCODE, opcode);
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_FD, fd);
        sqes.set(ValueLayout.JAVA_LONG, at + IoUring.SQE_USER_DATA, userData);
        sqTail++;
        return at;
    }

    /**
     * Queues {@code IORING_OP_POLL_ADD} on {@code fd} for the poll(2) bits {@code events}.
     *
     * @return false if the SQ is full: {@link #enter} first
     */
    boolean pollAdd(int fd, int events, boolean multishot, long userData) {
        long at = nextSqe(IoUring.OP_POLL_ADD, fd, userData);
        if (at < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_LEN, multishot ? IoUring.POLL_ADD_MULTI : 0);
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_POLL32_EVENTS, events);
        return true;
    }

    /**
     * Queues {@code IORING_OP_POLL_REMOVE} of the poll whose user data is {@code target}; its own
     * completion carries {@code userData}.
     *
     * @return false if the SQ is full: {@link #enter} first
     */
    boolean pollRemove(long target, long userData) {
        return aimedAt(IoUring.OP_POLL_REMOVE, target, userData);
    }

    /**
     * Queues {@code IORING_OP_ASYNC_CANCEL} of the request whose user data is {@code target}; the
     * request then completes (with {@code -ECANCELED} unless it had finished), and the cancel's own
     * completion carries {@code userData}.
     *
     * @return false if the SQ is full: {@link #enter} first
     */
    boolean cancel(long target, long userData) {
        return aimedAt(IoUring.OP_ASYNC_CANCEL, target, userData);
    }

    /** Queues a request about another one, named by its user data {@code target}. */
    private boolean aimedAt(byte opcode, long target, long userData) {
        long at = nextSqe(opcode, -1, userData);
        if (at < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_LONG, at + IoUring.SQE_ADDR, target);
        return true;
    }

    /**
     * Queues a multishot {@code IORING_OP_RECV} on {@code fd} into buffers of the provided-buffer
     * group {@code group}: one completion per arrival, each naming its buffer, until it ends (no
     * {@code IORING_CQE_F_MORE}).
     *
     * @return false if the SQ is full: {@link #enter} first
     */
    boolean recvMultishot(int fd, short group, long userData) {
        long at = nextSqe(IoUring.OP_RECV, fd, userData);
        if (at < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_BYTE, at + IoUring.SQE_FLAGS, IoUring.SQE_F_BUFFER_SELECT);
        sqes.set(ValueLayout.JAVA_SHORT, at + IoUring.SQE_IOPRIO, IoUring.RECV_MULTISHOT);
        sqes.set(ValueLayout.JAVA_SHORT, at + IoUring.SQE_BUF_GROUP, group);
        return true;
    }

    /**
     * Queues {@code IORING_OP_SEND} of {@code length} bytes at {@code address} on {@code fd}; the
     * memory must stay as it is until the completion.
     *
     * @return false if the SQ is full: {@link #enter} first
     */
    boolean send(int fd, long address, int length, long userData) {
        long at = nextSqe(IoUring.OP_SEND, fd, userData);
        if (at < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_LONG, at + IoUring.SQE_ADDR, address);
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_LEN, length);
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_MSG_FLAGS, SocketCalls.MSG_NOSIGNAL);
        return true;
    }

    /**
     * Queues {@code IORING_OP_SENDMSG} on {@code fd} of the {@code struct msghdr} at {@code msghdr},
     * whose iovecs must stay valid and unchanged until the completion.
     */
    boolean sendmsg(int fd, long msghdr, long userData) {
        long at = nextSqe(IoUring.OP_SENDMSG, fd, userData);
        if (at < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_LONG, at + IoUring.SQE_ADDR, msghdr);
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_LEN, 1);
        sqes.set(ValueLayout.JAVA_INT, at + IoUring.SQE_MSG_FLAGS, SocketCalls.MSG_NOSIGNAL);
        return true;
    }

    /**
     * Registers a ring of provided buffers ({@code IORING_REGISTER_PBUF_RING}, Linux 5.19+) as
     * buffer group {@code group}.
     *
     * @param ring    page-aligned memory for {@code entries} {@code struct io_uring_buf}s
     * @return whether the kernel took it
     */
    boolean registerBufferRing(MemorySegment ring, int entries, short group) {
        try (Arena temporary = Arena.ofConfined()) {
            MemorySegment reg = temporary.allocate(IoUring.BUF_REG_SIZE, 8);
            reg.fill((byte) 0);
            reg.set(ValueLayout.JAVA_LONG, 0, ring.address());
            reg.set(ValueLayout.JAVA_INT, IoUring.BUF_REG_ENTRIES, entries);
            reg.set(ValueLayout.JAVA_SHORT, IoUring.BUF_REG_BGID, group);
            return IoUring.register(errno, fd, IoUring.REGISTER_PBUF_RING, reg, 1) >= 0;
        }
    }

    /** Whether SQEs are queued that the kernel has not consumed yet. */
    boolean hasUnsubmitted() {
        return sqTail != (int) INT.getAcquire(rings, sqHead);
    }

    /**
     * One {@code io_uring_enter}: submits every queued SQE and, with {@code GETEVENTS}, runs the
     * ring's deferred completion work, then waits until a completion is there if
     * {@code timeoutNanos} is not 0: at most that long, or with no limit if it is negative.
     *
     * @return what the kernel returned, or minus the errno ({@code -ETIME} when the wait timed out)
     */
    int enter(long timeoutNanos) {
        int toSubmit = sqTail - (int) INT.getAcquire(rings, sqHead);
        INT.setRelease(rings, sqTailAt, sqTail);
        int n;
        if (timeoutNanos == 0) {
            n = IoUring.enter(errno, fd, toSubmit, 0, IoUring.ENTER_GETEVENTS, MemorySegment.NULL, 0);
        } else if (timeoutNanos < 0) {
            n = IoUring.enter(errno, fd, toSubmit, 1, IoUring.ENTER_GETEVENTS, MemorySegment.NULL, 0);
        } else {
            long ts = IoUring.GETEVENTS_ARG_SIZE;
            waitArg.set(ValueLayout.JAVA_LONG, ts, timeoutNanos / 1_000_000_000L);
            waitArg.set(ValueLayout.JAVA_LONG, ts + 8, timeoutNanos % 1_000_000_000L);
            n = IoUring.enter(errno, fd, toSubmit, 1, IoUring.ENTER_GETEVENTS | IoUring.ENTER_EXT_ARG, waitArg,
                    IoUring.GETEVENTS_ARG_SIZE);
        }
        return n >= 0 ? n : -Libc.errno(errno);
    }

    /**
     * Reads the next completion into {@link #cqeUserData}, {@link #cqeRes} and {@link #cqeFlags}.
     *
     * @return false when none is left; then call {@link #completionsRead}
     */
    boolean nextCompletion(int tail) {
        if (cqHead == tail) {
            return false;
        }
        long at = cqes + (long) (cqHead & cqMask) * IoUring.CQE_SIZE;
        cqeUserData = rings.get(ValueLayout.JAVA_LONG, at + IoUring.CQE_USER_DATA);
        cqeRes = rings.get(ValueLayout.JAVA_INT, at + IoUring.CQE_RES);
        cqeFlags = rings.get(ValueLayout.JAVA_INT, at + IoUring.CQE_FLAGS);
        cqHead++;
        return true;
    }

    /** The CQ tail, loaded with acquire: the completions up to it may be read. */
    int completionsTail() {
        return (int) INT.getAcquire(rings, cqTailAt);
    }

    /** Hands the CQEs read so far back to the kernel. */
    void completionsRead() {
        INT.setRelease(rings, cqHeadAt, cqHead);
    }

    /** Whether completions wait in the kernel because the CQ was full (the next enter flushes them). */
    boolean overflowed() {
        return ((int) INT.getAcquire(rings, sqFlags) & SQ_CQ_OVERFLOW) != 0;
    }

    /** Unmaps the rings and closes the descriptor; the kernel cancels what is still in flight. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        IoUring.unmap(sqes);
        IoUring.unmap(rings);
        Libc.close(fd);
        arena.close();
    }
}
