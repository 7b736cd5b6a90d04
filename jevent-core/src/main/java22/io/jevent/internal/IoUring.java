package io.jevent.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The io_uring system calls and the kernel's constants and structure offsets
 * ({@code <linux/io_uring.h>}). There is no C library wrapper for them, so they go through
 * {@code syscall(2)} by number: 425, 426 and 427, the same on every architecture that Linux 5.1 and
 * later give new system calls one number on (alpha aside); jevent checks x86-64 only, the one it is
 * tested on. The ring memory is mapped with {@code mmap}. Calls capture {@code errno} into a segment
 * the caller passes first.
 */
final class IoUring {
    static final long SYS_IO_URING_SETUP = 425;
    static final long SYS_IO_URING_ENTER = 426;
    static final long SYS_IO_URING_REGISTER = 427;
    /** x86-64's number; the C library's {@code gettid} wrapper is only in glibc 2.30 and later. */
    static final long SYS_GETTID = 186;

    // io_uring_setup flags.
    static final int SETUP_CQSIZE = 1 << 3;
    static final int SETUP_CLAMP = 1 << 4;
    static final int SETUP_R_DISABLED = 1 << 6;
    static final int SETUP_SUBMIT_ALL = 1 << 7;
    static final int SETUP_COOP_TASKRUN = 1 << 8;
    static final int SETUP_SINGLE_ISSUER = 1 << 12;
    static final int SETUP_DEFER_TASKRUN = 1 << 13;

    // io_uring_params.features.
    static final int FEAT_SINGLE_MMAP = 1;
    static final int FEAT_NODROP = 1 << 1;
    static final int FEAT_EXT_ARG = 1 << 8;

    // io_uring_enter flags.
    static final int ENTER_GETEVENTS = 1;
    static final int ENTER_EXT_ARG = 1 << 3;

    static final int REGISTER_ENABLE_RINGS = 12;
    static final int REGISTER_PBUF_RING = 22;

    // Opcodes and their flags.
    static final byte OP_POLL_ADD = 6;
    static final byte OP_POLL_REMOVE = 7;
    static final byte OP_SENDMSG = 9;
    static final byte OP_ASYNC_CANCEL = 14;
    static final byte OP_SEND = 26;
    static final byte OP_RECV = 27;
    /** sqe.flags: take the buffer from the provided-buffer group in sqe.buf_group. */
    static final byte SQE_F_BUFFER_SELECT = 1 << 5;
    /** sqe.ioprio of a RECV: keep receiving, one completion per arrival, until ended. */
    static final short RECV_MULTISHOT = 1 << 1;
    /** The CQE names the provided buffer it used, in its upper 16 flag bits. */
    static final int CQE_F_BUFFER = 1;
    static final int CQE_BUFFER_SHIFT = 16;
    static final int POLL_ADD_MULTI = 1;
    static final int CQE_F_MORE = 1 << 1;

    // poll(2) bits, as the POLL_ADD opcode takes and reports them.
    static final int POLLIN = PollEvents.IN;
    static final int POLLOUT = PollEvents.OUT;
    static final int POLLERR = PollEvents.ERR;
    static final int POLLHUP = PollEvents.HUP;
    static final int POLLRDHUP = PollEvents.RDHUP;

    // struct io_uring_params (120 bytes) and its io_sqring_offsets / io_cqring_offsets.
    static final long PARAMS_SIZE = 120;
    static final long P_SQ_ENTRIES = 0;
    static final long P_CQ_ENTRIES = 4;
    static final long P_FLAGS = 8;
    static final long P_FEATURES = 20;
    static final long P_SQ_OFF = 40;
    static final long P_CQ_OFF = 80;
    static final long SQ_HEAD = 0;
    static final long SQ_TAIL = 4;
    static final long SQ_RING_MASK = 8;
    static final long SQ_FLAGS = 16;
    static final long SQ_ARRAY = 24;
    static final long CQ_HEAD = 0;
    static final long CQ_TAIL = 4;
    static final long CQ_RING_MASK = 8;
    static final long CQ_CQES = 20;

    // struct io_uring_sqe (64 bytes) and struct io_uring_cqe (16 bytes).
    static final long SQE_SIZE = 64;
    static final long SQE_OPCODE = 0;
    static final long SQE_FLAGS = 1;
    static final long SQE_IOPRIO = 2;
    static final long SQE_FD = 4;
    static final long SQE_ADDR = 16;
    static final long SQE_LEN = 24;
    static final long SQE_POLL32_EVENTS = 28;
    static final long SQE_MSG_FLAGS = 28;
    static final long SQE_USER_DATA = 32;
    static final long SQE_BUF_GROUP = 40;
    /** struct io_uring_buf_reg: ring_addr, ring_entries, bgid, flags, resv[3]. */
    static final long BUF_REG_SIZE = 40;
    static final long BUF_REG_ENTRIES = 8;
    static final long BUF_REG_BGID = 12;
    /** struct io_uring_buf: addr, len, bid, resv; the ring's tail is the first entry's resv. */
    static final long BUF_SIZE = 16;
    static final long BUF_LEN = 8;
    static final long BUF_BID = 12;
    static final long BUF_RING_TAIL = 14;
    static final long CQE_SIZE = 16;
    static final long CQE_USER_DATA = 0;
    static final long CQE_RES = 8;
    static final long CQE_FLAGS = 12;

    /** struct io_uring_getevents_arg: sigmask, sigmask_sz, min_wait_usec (was pad), ts. */
    static final long GETEVENTS_ARG_SIZE = 24;
    static final long ARG_SIGMASK_SZ = 8;
    static final long ARG_TS = 16;
    /** struct __kernel_timespec. */
    static final long TIMESPEC_SIZE = 16;

    /** mmap offsets of the rings and of the SQE array. */
    static final long OFF_SQ_RING = 0;
    static final long OFF_SQES = 0x10000000L;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;

    private static final MethodHandle SETUP;
    private static final MethodHandle ENTER;
    private static final MethodHandle REGISTER;
    private static final MethodHandle GETTID;
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        ValueLayout.OfLong j = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        // syscall(long number, ...): every argument after the number is variadic, and passed as a
        // full 64-bit word, since the C library reads each one as a long.
        Linker.Option variadic = Linker.Option.firstVariadicArg(1);
        SETUP = Libc.handle("syscall", FunctionDescriptor.of(j, j, j, ValueLayout.ADDRESS), variadic,
                Libc.errnoOption());
        ENTER = Libc.handle("syscall", FunctionDescriptor.of(j, j, j, j, j, j, ValueLayout.ADDRESS, j), variadic,
                Libc.errnoOption());
        REGISTER = Libc.handle("syscall", FunctionDescriptor.of(j, j, j, j, ValueLayout.ADDRESS, j), variadic,
                Libc.errnoOption());
        GETTID = Libc.handle("syscall", FunctionDescriptor.of(j, j), variadic);
        MMAP = Libc.handle("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, j, i, i, i, j),
                Libc.errnoOption());
        MUNMAP = Libc.handle("munmap", FunctionDescriptor.of(i, ValueLayout.ADDRESS, j));
    }

    private IoUring() {
    }

    /** {@code io_uring_setup(entries, params)}: the ring's descriptor, or -1 with errno in {@code state}. */
    static int setup(MemorySegment state, int entries, MemorySegment params) {
        try {
            return (int) (long) SETUP.invokeExact(state, SYS_IO_URING_SETUP, (long) entries, params);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * {@code io_uring_enter(fd, toSubmit, minComplete, flags, arg, argSize)}: how many SQEs it
     * consumed, or -1 with errno in {@code state}.
     */
    static int enter(MemorySegment state, int fd, int toSubmit, int minComplete, int flags, MemorySegment arg,
            long argSize) {
        try {
            return (int) (long) ENTER.invokeExact(state, SYS_IO_URING_ENTER, (long) fd, (long) toSubmit,
                    (long) minComplete, (long) flags, arg, argSize);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code io_uring_register(fd, opcode, arg, count)}: 0 or more, or -1 with errno in {@code state}. */
    static int register(MemorySegment state, int fd, int opcode, MemorySegment arg, int count) {
        try {
            return (int) (long) REGISTER.invokeExact(state, SYS_IO_URING_REGISTER, (long) fd, (long) opcode, arg,
                    (long) count);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The kernel's id of the calling thread: for a virtual thread, of the carrier it runs on now. */
    static int currentTid() {
        try {
            return (int) (long) GETTID.invokeExact(SYS_GETTID);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Maps {@code size} bytes of the ring {@code fd} at {@code offset}, shared and populated.
     *
     * @return the mapping, or {@link MemorySegment#NULL} with errno in {@code state}
     */
    static MemorySegment map(MemorySegment state, int fd, long size, long offset) {
        MemorySegment at;
        try {
            at = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, size, PROT_READ_WRITE,
                    MAP_SHARED_POPULATE, fd, offset);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        // MAP_FAILED is (void *) -1.
        return at.address() == -1L ? MemorySegment.NULL : at.reinterpret(size);
    }

    static void unmap(MemorySegment mapping) {
        try {
            int ignored = (int) MUNMAP.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
