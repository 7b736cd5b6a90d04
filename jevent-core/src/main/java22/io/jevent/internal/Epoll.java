package io.jevent.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * The Linux system calls the epoll backend makes, as FFM downcall handles into the C library the JVM
 * already loaded: no JNI, no library of jevent's own. The calls that can fail capture {@code errno}
 * into a segment the caller passes first.
 */
final class Epoll {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;

    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;

    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NONBLOCK = 0x800;

    /**
     * {@code struct epoll_event} is packed on x86-64 (4-byte events, then 8-byte data at offset 4)
     * and naturally aligned elsewhere (data at offset 8).
     */
    static final boolean PACKED = isX86_64();
    static final long EVENT_SIZE = PACKED ? 12 : 16;
    static final long DATA_OFFSET = PACKED ? 4 : 8;

    static final MemoryLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle EPOLL_CREATE1;
    private static final MethodHandle EPOLL_CTL;
    private static final MethodHandle EPOLL_WAIT;
    private static final MethodHandle EVENTFD;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        EPOLL_CREATE1 = handle(linker, libc, "epoll_create1", FunctionDescriptor.of(i, i), errno);
        EPOLL_CTL = handle(linker, libc, "epoll_ctl", FunctionDescriptor.of(i, i, i, i, ValueLayout.ADDRESS), errno);
        EPOLL_WAIT = handle(linker, libc, "epoll_wait", FunctionDescriptor.of(i, i, ValueLayout.ADDRESS, i, i),
                errno);
        EVENTFD = handle(linker, libc, "eventfd", FunctionDescriptor.of(i, i, i), errno);
        READ = handle(linker, libc, "read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG));
        WRITE = handle(linker, libc, "write", FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG));
        CLOSE = handle(linker, libc, "close", FunctionDescriptor.of(i, i));
    }

    private Epoll() {
    }

    private static boolean isX86_64() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd,
            Linker.Option... options) {
        MemorySegment symbol = libc.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return linker.downcallHandle(symbol, fd, options);
    }

    /** The errno a failed call left in {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** {@code epoll_create1(EPOLL_CLOEXEC)}: the new descriptor, or -1 with errno in {@code state}. */
    static int create(MemorySegment state) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(state, O_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)}. */
    static int eventfd(MemorySegment state) {
        try {
            return (int) EVENTFD.invokeExact(state, 0, O_NONBLOCK | O_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code epoll_ctl}: 0, or -1 with errno in {@code state}. */
    static int ctl(MemorySegment state, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(state, epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code epoll_wait}: how many events it wrote, or -1 with errno in {@code state}. */
    static int await(MemorySegment state, int epfd, MemorySegment events, int max, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(state, epfd, events, max, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long read(int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long write(int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.invokeExact(fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A downcall throws only what its Java side can: errors and runtime exceptions. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
