package io.jevent.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code recv}, {@code send}, {@code recvmsg} and {@code sendmsg} as FFM downcall handles, for
 * {@link FdChannel}. Each capture {@code errno} into a segment the caller passes first.
 *
 * <p>Every call passes {@code MSG_DONTWAIT} (and sends {@code MSG_NOSIGNAL}), so it never waits for
 * the socket whatever the descriptor's blocking mode, and touches only off-heap memory. That makes
 * a call of up to {@link #CRITICAL_MAX} bytes fit {@code Linker.Option.critical(false)}: a short
 * call that neither blocks nor calls back into Java, for which the JVM skips the thread-state
 * transition around the call. Larger transfers copy long enough to hold up a safepoint noticeably,
 * so they use the ordinary handles, whose transition costs nothing next to the copy. Buffer
 * addresses go as 64-bit words ({@code JAVA_LONG}), as pointers are on the 64-bit platforms the
 * native backends run on, so that no {@code MemorySegment} is made per call.
 */
final class SocketCalls {
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    /**
     * {@code struct msghdr} on 64-bit Linux (name, namelen, iov, iovlen, control, controllen, flags):
     * its size and the offsets of {@code msg_iov} and {@code msg_iovlen}; and {@code struct iovec}'s
     * size (base, length). Shared with io_uring's SENDMSG.
     */
    static final long MSGHDR_SIZE = 56;
    static final long MSGHDR_IOV = 16;
    static final long MSGHDR_IOVLEN = 24;
    static final long IOVEC_SIZE = 16;
    /** The largest transfer made through a critical handle. */
    static final long CRITICAL_MAX = 64 * 1024;

    private static final MethodHandle RECV;
    private static final MethodHandle RECV_CRITICAL;
    private static final MethodHandle SEND;
    private static final MethodHandle SEND_CRITICAL;
    private static final MethodHandle RECVMSG;
    private static final MethodHandle RECVMSG_CRITICAL;
    private static final MethodHandle SENDMSG;
    private static final MethodHandle SENDMSG_CRITICAL;

    static {
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
        FunctionDescriptor transfer = FunctionDescriptor.of(l, i, l, l, i);
        FunctionDescriptor message = FunctionDescriptor.of(l, i, ValueLayout.ADDRESS, i);
        Linker.Option errno = Libc.errnoOption();
        Linker.Option critical = Linker.Option.critical(false);
        RECV = Libc.handle("recv", transfer, errno);
        RECV_CRITICAL = Libc.handle("recv", transfer, errno, critical);
        SEND = Libc.handle("send", transfer, errno);
        SEND_CRITICAL = Libc.handle("send", transfer, errno, critical);
        RECVMSG = Libc.handle("recvmsg", message, errno);
        RECVMSG_CRITICAL = Libc.handle("recvmsg", message, errno, critical);
        SENDMSG = Libc.handle("sendmsg", message, errno);
        SENDMSG_CRITICAL = Libc.handle("sendmsg", message, errno, critical);
    }

    private SocketCalls() {
    }

    /** {@code recv(fd, address, length, MSG_DONTWAIT)}: bytes received, 0 at the end, or -1 with errno. */
    static long recv(MemorySegment state, int fd, long address, long length) {
        try {
            return length <= CRITICAL_MAX
                    ? (long) RECV_CRITICAL.invokeExact(state, fd, address, length, MSG_DONTWAIT)
                    : (long) RECV.invokeExact(state, fd, address, length, MSG_DONTWAIT);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code send(fd, address, length, MSG_DONTWAIT | MSG_NOSIGNAL)}: bytes sent, or -1 with errno. */
    static long send(MemorySegment state, int fd, long address, long length) {
        try {
            return length <= CRITICAL_MAX
                    ? (long) SEND_CRITICAL.invokeExact(state, fd, address, length, MSG_DONTWAIT | MSG_NOSIGNAL)
                    : (long) SEND.invokeExact(state, fd, address, length, MSG_DONTWAIT | MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code recvmsg(fd, msghdr, MSG_DONTWAIT)} of {@code total} bytes at most. */
    static long recvmsg(MemorySegment state, int fd, MemorySegment msghdr, long total) {
        try {
            return total <= CRITICAL_MAX
                    ? (long) RECVMSG_CRITICAL.invokeExact(state, fd, msghdr, MSG_DONTWAIT)
                    : (long) RECVMSG.invokeExact(state, fd, msghdr, MSG_DONTWAIT);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code sendmsg(fd, msghdr, MSG_DONTWAIT | MSG_NOSIGNAL)} of {@code total} bytes at most. */
    static long sendmsg(MemorySegment state, int fd, MemorySegment msghdr, long total) {
        try {
            return total <= CRITICAL_MAX
                    ? (long) SENDMSG_CRITICAL.invokeExact(state, fd, msghdr, MSG_DONTWAIT | MSG_NOSIGNAL)
                    : (long) SENDMSG.invokeExact(state, fd, msghdr, MSG_DONTWAIT | MSG_NOSIGNAL);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
