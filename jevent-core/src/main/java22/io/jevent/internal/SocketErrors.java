package io.jevent.internal;

import java.io.IOException;
import java.net.SocketException;

/**
 * The exception for a socket receive or send that failed with an errno, worded as the JDK words it
 * where it has words: shared by everything that reads or writes a socket's descriptor itself.
 */
final class SocketErrors {
    /** The JDK's words for a connection reset found by a read. */
    static final String RESET_READING = "Connection reset";
    /** The JDK's words for a write to a connection the peer reset or closed. */
    static final String RESET_WRITING = "Broken pipe";

    private SocketErrors() {
    }

    /**
     * @param errno        what the call left in errno, or minus a completion's result
     * @param resetWording {@link #RESET_READING} or {@link #RESET_WRITING}, for {@code ECONNRESET}
     */
    static IOException failure(int errno, String resetWording) {
        return switch (errno) {
            case Libc.ECONNRESET -> new SocketException(resetWording);
            case Libc.EPIPE -> new SocketException("Broken pipe");
            case Libc.ETIMEDOUT -> new SocketException("Connection timed out");
            default -> new SocketException("socket I/O failed: errno " + errno);
        };
    }
}
