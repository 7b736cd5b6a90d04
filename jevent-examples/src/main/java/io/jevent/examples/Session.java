package io.jevent.examples;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * One connection of a server that does its own non-blocking I/O: the async I/O introduction's {@code fd_state} with
 * its {@code do_read} and {@code do_write}. The same session runs under raw jevent events
 * ({@link EventServer}) and under a plain selector ({@code rot13-selector}); only what waits for
 * readiness differs. Sessions use no jevent type, so that the selector server needs none.
 */
interface Session {
    /** {@link #advance()}'s answer when the connection is over. */
    int DONE = 0;

    /**
     * Reads and writes what the channel allows now, without blocking, and at most one read, so that
     * a client that never stops sending cannot starve the others.
     *
     * @return what to wait for next: {@link SelectionKey#OP_READ} or {@link SelectionKey#OP_WRITE};
     *         or {@link #DONE} when the connection is over and its channel may be closed
     * @throws IOException if the connection failed; its channel may be closed
     */
    int advance() throws IOException;
}
