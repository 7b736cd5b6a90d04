package io.jevent.internal;

import java.util.function.Function;

/**
 * Gives jevent's own packages the engine behind a public {@code EventBase}, without a public getter
 * (the JDK's "shared secrets" pattern): {@code EventBase} registers the accessor when its class is
 * initialized, which has happened by the time anyone holds an instance. The base is typed
 * {@code Object} so that the engine does not depend on the public layer above it.
 */
public final class Loops {
    private static volatile Function<Object, EventLoop> accessor;

    private Loops() {
    }

    /** Called once, by {@code EventBase}'s static initializer. */
    public static void setAccessor(Function<Object, EventLoop> a) {
        accessor = a;
    }

    /**
     * The engine of a base.
     *
     * @param base an {@code io.jevent.EventBase}
     * @return its engine
     */
    public static EventLoop of(Object base) {
        return accessor.apply(base);
    }
}
