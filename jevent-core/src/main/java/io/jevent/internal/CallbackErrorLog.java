package io.jevent.internal;

import java.lang.System.Logger.Level;

/**
 * What a loop does by default with an exception a callback or task threw: log it, with the event
 * and the stack, and go on. A server should not stop serving every client because one callback
 * has a bug, but neither should a callback that throws on every event bury the log, so at most
 * {@link #MOST_PER_WINDOW} exceptions are logged per {@link #WINDOW_NANOS}; the rest are counted,
 * and the count is logged in one line when the next window opens with a new exception.
 *
 * <p>Times come from the loop's clock, so a test with a manual clock can open a new window. Called
 * by the loop's owner, and by a closing thread while it stands in for one; synchronized for the
 * latter, which is cheap on a path that only exceptions take.
 */
final class CallbackErrorLog {
    static final int MOST_PER_WINDOW = 10;
    static final long WINDOW_NANOS = 10_000_000_000L;

    private static final System.Logger LOG = System.getLogger("io.jevent");

    private boolean started;
    private long windowStart;
    private int logged;
    private long suppressed;

    /**
     * Logs one exception, or counts it when this window has had its share.
     *
     * @param e    what the callback threw
     * @param what where it was thrown: the event and what it ran for, or the task
     * @param now  the loop's time, in nanoseconds
     */
    synchronized void log(RuntimeException e, String what, long now) {
        if (!started || now - windowStart >= WINDOW_NANOS) {
            if (suppressed > 0) {
                emit(suppressed + " more exception(s) thrown by callbacks were not logged in the "
                        + WINDOW_NANOS / 1_000_000_000L + " s after the last one that was", null);
            }
            started = true;
            windowStart = now;
            logged = 0;
            suppressed = 0;
        }
        if (logged == MOST_PER_WINDOW) {
            suppressed++;
            return;
        }
        logged++;
        String message = what + " threw " + e + "; the loop goes on with the next callback. Handle it in"
                + " the callback, or set EventBase.builder().callbackErrorHandler(...) to receive such"
                + " exceptions, or rethrowCallbackErrors() to let them end dispatch()";
        if (logged == MOST_PER_WINDOW) {
            message += " (the " + MOST_PER_WINDOW + "th in " + WINDOW_NANOS / 1_000_000_000L
                    + " s: further ones are only counted until the next window)";
        }
        emit(message, e);
    }

    private static void emit(String message, Throwable e) {
        try {
            LOG.log(Level.ERROR, message, e);
        } catch (RuntimeException | LinkageError loggingFailed) {
            // A logging backend that fails (out of descriptors, a broken handler) must not turn a
            // logged exception into one that stops the loop.
        }
    }
}
