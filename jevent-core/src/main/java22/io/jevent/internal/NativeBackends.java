package io.jevent.internal;

import java.util.Locale;

/**
 * Finds the native backends: the JDK 22 version of this class, in the multi-release jar's
 * {@code META-INF/versions/22}. The epoll backend runs when the platform is Linux, the JVM lets
 * jevent read channels' descriptors, and the downcalls can be linked.
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

    static Backend newEpoll(LoopState loop) {
        if (EPOLL_UNAVAILABLE != null) {
            throw new UnsupportedOperationException("the epoll backend " + EPOLL_UNAVAILABLE);
        }
        return new EpollBackend(loop);
    }

    private static String probeEpoll() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "needs Linux (this is " + System.getProperty("os.name") + ")";
        }
        if (ChannelFds.UNAVAILABLE != null) {
            return ChannelFds.UNAVAILABLE;
        }
        try {
            // Links the downcalls: fails here, not in a loop, if native access is denied
            // (--illegal-native-access=deny without --enable-native-access).
            return Epoll.EVENT_SIZE > 0 ? null : "has no epoll_event layout";
        } catch (LinkageError | RuntimeException e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            return "cannot link its system calls: " + cause;
        }
    }
}
