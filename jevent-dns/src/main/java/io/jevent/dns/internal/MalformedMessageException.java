package io.jevent.dns.internal;

import java.io.IOException;

/** A DNS message that cannot be read: the parser says where and why. */
public final class MalformedMessageException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
