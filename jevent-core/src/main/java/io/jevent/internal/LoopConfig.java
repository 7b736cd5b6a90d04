package io.jevent.internal;

import java.util.function.Consumer;

/**
 * What an {@link EventLoop} is built with (libevent's {@code struct event_config}).
 *
 * @param priorities         number of active queues, 1..255
 * @param maxDispatchNanos   longest time to run callbacks of the limited priorities before polling
 *                           again, or -1 for no limit
 * @param maxCallbacks       most callbacks of the limited priorities to run before polling again
 * @param limitFromPriority  the first priority the two limits apply to
 * @param cacheTime          whether the loop caches the time once per iteration
 * @param clock              a virtual clock, or null for {@code System.nanoTime()}
 * @param errorHandler       receives exceptions thrown by callbacks, or null to log them; the
 *                           handler {@link EventLoop#RETHROW} lets them end {@code loop()}
 * @param watching           what the loop measures about itself
 * @param backend            the backend the loop waits with, by the name {@code event_base_get_method}
 *                           gives: {@link #NIO}, {@link #EPOLL} or {@link #IO_URING}
 */
public record LoopConfig(int priorities, long maxDispatchNanos, int maxCallbacks, int limitFromPriority,
        boolean cacheTime, VirtualClock clock, Consumer<? super RuntimeException> errorHandler, Watching watching,
        String backend, boolean completionIo) {
    /** java.nio's {@code Selector}. */
    public static final String NIO = "nio";
    /** Linux epoll through the FFM API (JDK 22+). */
    public static final String EPOLL = "epoll";
    /** Linux io_uring through the FFM API (JDK 22+). */
    public static final String IO_URING = "io_uring";

    /** Whether the backend is a native one, which can watch {@code ET} and {@code CLOSED}. */
    public boolean nativeBackend() {
        return !NIO.equals(backend);
    }
}
