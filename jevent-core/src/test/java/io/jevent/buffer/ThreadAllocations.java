package io.jevent.buffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Bytes allocated so far by the current thread, from HotSpot's ThreadMXBean. Found by name because
 * the tests compile inside the io.jevent module, which does not read java.management; called
 * through an exact method handle so that reading the counter allocates nothing itself.
 */
public final class ThreadAllocations {
    private static final MethodHandle ALLOCATED;

    static {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory")
                    .getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            ALLOCATED = MethodHandles.publicLookup()
                    .findVirtual(type, "getThreadAllocatedBytes", MethodType.methodType(long.class, long.class))
                    .bindTo(bean);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ThreadAllocations() {
    }

    /** Bytes the calling thread has allocated so far. */
    public static long current() {
        try {
            return (long) ALLOCATED.invokeExact(Thread.currentThread().getId());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
