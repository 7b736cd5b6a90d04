package io.jevent.buffer;

/**
 * One end of an {@link EvBuffer}, for {@link EvBuffer#freeze} and {@link EvBuffer#unfreeze}:
 * libevent's {@code at_front} argument of {@code evbuffer_freeze}, named.
 */
public enum Side {
    /** The start, where bytes are removed and prepended ({@code at_front = 1}). */
    START,
    /** The end, where bytes are added ({@code at_front = 0}). */
    END
}
