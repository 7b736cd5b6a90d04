package io.jevent.internal;

import io.jevent.EventBase;
import java.util.function.Function;

/**
 * Gives jevent's own packages the engine behind a public {@link EventBase}, without a public getter
 * (the JDK's "shared secrets" pattern): {@code EventBase} registers the accessor when its class is
 * initialized, which has happened by the time anyone holds an instance.
 */
public final class Loops {
    private static volatile Function<EventBase, EventLoop> accessor;

    private Loops() {
    }

    /** Called once, by {@code EventBase}'s static initializer. */
    public static void setAccessor(Function<EventBase, EventLoop> a) {
        accessor = a;
    }

    /** The engine of a base. */
    public static EventLoop of(EventBase base) {
        return accessor.apply(base);
    }
}
