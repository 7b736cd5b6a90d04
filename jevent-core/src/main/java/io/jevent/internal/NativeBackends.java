package io.jevent.internal;

/**
 * Finds the native backends. This is the JDK 17 version: the FFM API they are written with is final
 * only from JDK 22, so none is here. On JDK 22 and later the multi-release jar holds another
 * version of this class, in {@code META-INF/versions/22}, that can create the epoll and io_uring
 * backends.
 */
public final class NativeBackends {
    private NativeBackends() {
    }

    /**
     * Why the epoll backend cannot run in this JVM, or null if it can.
     *
     * @return the reason, phrased to follow "the epoll backend "
     */
    public static String epollUnavailable() {
        return why();
    }

    /**
     * Why the io_uring backend cannot run in this JVM, or null if it can.
     *
     * @return the reason, phrased to follow "the io_uring backend "
     */
    public static String ioUringUnavailable() {
        return why();
    }

    /**
     * The io_uring setup flags the kernel took, for logs and tests; empty where io_uring cannot run.
     *
     * @return the flags' names joined by {@code |}, or ""
     */
    public static String ioUringSetupFlags() {
        return "";
    }

    private static String why() {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return "needs JDK 22+ (this JVM is " + feature + ")";
        }
        // A JVM reads versioned classes only from a jar, not from a directory of classes.
        return "is in jevent-core's jar (META-INF/versions/22), and these classes were not loaded from it";
    }

    static Backend newEpoll(LoopState loop) {
        throw new UnsupportedOperationException("the epoll backend " + epollUnavailable());
    }

    static Backend newIoUring(LoopState loop) {
        throw new UnsupportedOperationException("the io_uring backend " + ioUringUnavailable());
    }
}
