package io.jevent.internal;

import java.util.Locale;

/**
 * Finds the native backends: the JDK 22 version of this class, in the multi-release jar's
 * {@code META-INF/versions/22}. Both run when the platform is Linux, the JVM lets jevent read
 * channels' descriptors, and the downcalls can be linked; io_uring also needs x86-64 and a kernel
 * that sets up a ring and serves a multishot poll on it, which is tried once per JVM, the first
 * time anyone asks.
 */
public final class NativeBackends {
    private static final String EPOLL_UNAVAILABLE = probeEpoll();

    private NativeBackends() {
    }

    /**
     * Why the epoll backend cannot run in this JVM, or null if it can.
     *
     * @return the reason, phrased to follow "the epoll backend "
     */
    public static String epollUnavailable() {
        return EPOLL_UNAVAILABLE;
    }

    /**
     * Why the io_uring backend cannot run in this JVM, or null if it can.
     *
     * @return the reason, phrased to follow "the io_uring backend "
     */
    public static String ioUringUnavailable() {
        return IoUringProbe.UNAVAILABLE;
    }

    /**
     * The io_uring setup flags the kernel took, for logs and tests; empty where io_uring cannot run.
     *
     * @return the flags' names joined by {@code |}, or ""
     */
    public static String ioUringSetupFlags() {
        return IoUringProbe.SETUP_FLAGS;
    }

    static Backend newEpoll(LoopState loop) {
        if (EPOLL_UNAVAILABLE != null) {
            throw new UnsupportedOperationException("the epoll backend " + EPOLL_UNAVAILABLE);
        }
        return new EpollBackend(loop);
    }

    static Backend newIoUring(LoopState loop) {
        String why = IoUringProbe.UNAVAILABLE;
        if (why != null) {
            throw new UnsupportedOperationException("the io_uring backend " + why);
        }
        return new IoUringBackend(loop);
    }

    /** Why neither native backend can run on this platform or JVM, or null. */
    static String commonUnavailable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "needs Linux (this is " + System.getProperty("os.name") + ")";
        }
        return ChannelFds.UNAVAILABLE;
    }

    private static String probeEpoll() {
        String why = commonUnavailable();
        if (why != null) {
            return why;
        }
        try {
            // Links the downcalls: fails here, not in a loop, if native access is denied
            // (--illegal-native-access=deny without --enable-native-access).
            return Epoll.EVENT_SIZE > 0 ? null : "has no epoll_event layout";
        } catch (LinkageError | RuntimeException e) {
            return "cannot link its system calls: " + cause(e);
        }
    }

    static Throwable cause(Throwable e) {
        return e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
    }
}
