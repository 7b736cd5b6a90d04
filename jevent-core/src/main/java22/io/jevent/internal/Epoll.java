package io.jevent.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The epoll system calls, as FFM downcall handles into the C library the JVM already loaded: no JNI,
 * no library of jevent's own. They capture {@code errno} into a segment the caller passes first; the
 * calls the epoll backend shares with io_uring's are in {@link Libc}.
 */
final class Epoll {
    static final int EPOLLIN = PollEvents.IN;
    static final int EPOLLOUT = PollEvents.OUT;
    static final int EPOLLERR = PollEvents.ERR;
    static final int EPOLLHUP = PollEvents.HUP;
    static final int EPOLLRDHUP = PollEvents.RDHUP;
    static final int EPOLLET = 1 << 31;

    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;

    /**
     * {@code struct epoll_event} is packed on x86-64 (4-byte events, then 8-byte data at offset 4)
     * and naturally aligned elsewhere (data at offset 8).
     */
    static final boolean PACKED = Libc.isX86_64();
    static final long EVENT_SIZE = PACKED ? 12 : 16;
    static final long DATA_OFFSET = PACKED ? 4 : 8;

    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;

    static {
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        EPOLL_CREATE1 = Libc.handle("epoll_create1", FunctionDescriptor.of(i, i), Libc.errnoOption());
        EPOLL_CTL = Libc.handle("epoll_ctl", FunctionDescriptor.of(i, i, i, i, ValueLayout.ADDRESS),
                Libc.errnoOption());
        EPOLL_WAIT = Libc.handle("epoll_wait", FunctionDescriptor.of(i, i, ValueLayout.ADDRESS, i, i),
                Libc.errnoOption());
    }

    private Epoll() {
    }

    /** {@code epoll_create1(EPOLL_CLOEXEC)}: the new descriptor, or -1 with errno in {@code state}. */
    static int create(MemorySegment state) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(state, Libc.O_CLOEXEC);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code epoll_ctl}: 0, or -1 with errno in {@code state}. */
    static int ctl(MemorySegment state, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(state, epfd, op, fd, event);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** {@code epoll_wait}: how many events it wrote, or -1 with errno in {@code state}. */
    static int await(MemorySegment state, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(state, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
