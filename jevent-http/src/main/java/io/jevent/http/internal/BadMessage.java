package io.jevent.http.internal;

/**
 * A malformed or unacceptable message, with the status code to answer it with. Thrown only on
 * bad input, so it carries no stack trace: a client sending garbage should cost little.
 */
public final class BadMessage extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    public BadMessage(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The 4xx or 5xx code to answer with. */
    public int status() {
        return status;
    }
}
