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
 * The C library calls both native backends make beside their own: {@code eventfd}, {@code read},
 * {@code write}, {@code close}, {@code shutdown}, as FFM downcall handles into the C library the JVM already loaded.
 * The calls that can fail capture {@code errno} into a segment the caller passes first.
 */
final class Libc {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int EMFILE = 24;
    static final int EPIPE = 32;
    static final int ENOSYS = 38;
    static final int ETIME = 62;
    static final int ECONNRESET = 104;
    static final int ENOBUFS = 105;
    static final int ETIMEDOUT = 110;
    static final int ECANCELED = 125;

    static final int O_CLOEXEC = 0x80000;
    static final int O_NONBLOCK = 0x800;

    static final MemoryLayout ERRNO_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle EVENTFD;
    private static final MethodHandle READ;
    private static final MethodHandle WRITE;
    private static final MethodHandle CLOSE;
    private static final MethodHandle SHUTDOWN;

    static {
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        EVENTFD = handle("eventfd", FunctionDescriptor.of(i, i, i), errnoOption());
        READ = handle("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG));
        WRITE = handle("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG));
        CLOSE = handle("close", FunctionDescriptor.of(i, i));
        SHUTDOWN = handle("shutdown", FunctionDescriptor.of(i, i, i));
    }

    private Libc() {
    }

    /** Whether this JVM runs on x86-64, the one architecture the native backends are tested on. */
    static boolean isX86_64() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** The option that makes a downcall save {@code errno} into a segment passed first. */
    static Linker.Option errnoOption() {
        return Linker.Option.captureCallState("errno");
    }

    /** A downcall handle for the C library function {@code name}. */
    static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MemorySegment symbol = libc.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return linker.downcallHandle(symbol, fd, options);
    }

    /** The errno a failed call left in {@code state}. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** {@code eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)}: the descriptor, or -1 with errno in {@code state}. */
    static int eventfd(MemorySegment state) {
        try {
            return (int) EVENTFD.invokeExact(state, 0, O_NONBLOCK | O_CLOEXEC);
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

    /** {@code shutdown(fd, SHUT_RDWR)}: 0, or -1 (the socket was not connected or listening). */
    static int shutdown(int fd) {
        try {
            return (int) SHUTDOWN.invokeExact(fd, 2);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A downcall throws only what its Java side can: errors and runtime exceptions. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
