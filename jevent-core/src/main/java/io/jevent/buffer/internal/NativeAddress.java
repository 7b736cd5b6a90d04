package io.jevent.buffer.internal;

import java.nio.ByteBuffer;
import java.util.function.ToLongFunction;

/**
 * Finds where a direct buffer's memory is, for a backend that hands segments to the kernel by
 * address. Java 17 has no supported way to ask; the io_uring backend (JDK 22+, the FFM API) installs
 * one when it starts, and until then no segment is lent by address.
 *
 * <p>Any thread.
 */
public final class NativeAddress {
    private static volatile ToLongFunction<ByteBuffer> finder;

    private NativeAddress() {
    }

    /**
     * Installs how to find a direct buffer's address.
     *
     * @param f given a direct buffer, the address of its index 0
     */
    public static void install(ToLongFunction<ByteBuffer> f) {
        finder = f;
    }

    /** The address of index 0 of direct buffer {@code b}, or 0 if none is installed. */
    static long of(ByteBuffer b) {
        ToLongFunction<ByteBuffer> f = finder;
        return f == null ? 0 : f.applyAsLong(b);
    }
}
