package io.jevent.bufferevent;

import io.jevent.internal.FlagNames;

/**
 * What a {@link BevEventCallback} is told: libevent's {@code BEV_EVENT_*} bits, with the same
 * values. They are not {@link io.jevent.Ev} flags: {@code BevEvent.TIMEOUT} is 0x40 where
 * {@code Ev.TIMEOUT} is 0x01, as {@code BEV_EVENT_TIMEOUT} differs from {@code EV_TIMEOUT}, so test
 * the {@code events} of a BufferEvent callback against these only.
 */
public final class BevEvent {
    /** {@code BEV_EVENT_READING}: the event happened while reading. */
    public static final int READING = 0x01;
    /** {@code BEV_EVENT_WRITING}: the event happened while writing. */
    public static final int WRITING = 0x02;
    /** {@code BEV_EVENT_EOF}: the peer closed the connection (end of stream). */
    public static final int EOF = 0x10;
    /** {@code BEV_EVENT_ERROR}: an I/O error; {@link BufferEvent#lastError()} has the cause. */
    public static final int ERROR = 0x20;
    /** {@code BEV_EVENT_TIMEOUT}: the read or write timeout elapsed. */
    public static final int TIMEOUT = 0x40;
    /** {@code BEV_EVENT_CONNECTED}: a connect requested with {@code connect()} finished. */
    public static final int CONNECTED = 0x80;
    /**
     * jevent's addition: {@link BufferEvent#closeAfterFlush()} finished: everything queued was
     * written, the connection was shut down gracefully and the BufferEvent is closed.
     */
    public static final int FLUSHED_AND_CLOSED = 0x100;

    private static final int[] BITS = {READING, WRITING, EOF, ERROR, TIMEOUT, CONNECTED, FLUSHED_AND_CLOSED};
    private static final String[] NAMES = {"READING", "WRITING", "EOF", "ERROR", "TIMEOUT", "CONNECTED",
        "FLUSHED_AND_CLOSED"};

    private BevEvent() {
    }

    /**
     * Renders event bits for messages and logs: {@code toString(READING | EOF)} is
     * {@code "READING|EOF"}. Any thread.
     *
     * @param events any combination of the bits above
     * @return their names joined by {@code |}
     */
    public static String toString(int events) {
        return FlagNames.join(events, BITS, NAMES);
    }
}
