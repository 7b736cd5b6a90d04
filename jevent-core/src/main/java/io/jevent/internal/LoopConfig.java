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
 * @param epoll              whether the loop waits with the epoll backend rather than java.nio's
 */
public record LoopConfig(int priorities, long maxDispatchNanos, int maxCallbacks, int limitFromPriority,
        boolean cacheTime, VirtualClock clock, Consumer<? super RuntimeException> errorHandler, Watching watching,
        boolean epoll) {
}
