package io.jevent.buffer.internal;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw access to the direct memory of segments, for the loops that touch every byte: scans and small
 * copies.
 *
 * <p>Why: each {@link ByteBuffer#getLong(int)} or bulk {@code put} on a direct buffer re-reads the
 * buffer's fields, checks the index against the limit and checks the memory session, and the JIT
 * cannot hoist any of it out of a loop. On an 80-byte line that overhead is larger than the work;
 * it made jevent's line scan half as fast as Netty's, which reads memory with {@code Unsafe}. Java
 * 17 has no supported alternative (the foreign memory API is still incubating), so this class does
 * the same, for direct memory only.
 *
 * <p>Safety rests on two facts, kept by {@link Segment} and {@link Chain}: every index passed here
 * lies inside the segment (between 0 and its capacity), and the segment's own ByteBuffer, which
 * keeps the memory alive, is reachable for as long as the segment is. A segment gets an
 * {@link #address} only when its memory is direct, the platform is little-endian (the word scans
 * assume it), {@code sun.misc.Unsafe} is there and the JDK is older than 24; otherwise, and when
 * {@code -Djevent.buffer.unsafe=false} is set, the ByteBuffer methods are used.
 */
final class Memory {
    private static final sun.misc.Unsafe UNSAFE;
    private static final long ADDRESS;
    private static final long BYTE_ARRAY_BASE;
    /**
     * From JDK 24 on, the JVM prints a warning the first time a program uses Unsafe's memory
     * methods (JEP 498): a library must not do that to its users, so there the ByteBuffer methods
     * are used, slower in scans but silent.
     */
    private static final int FIRST_JDK_THAT_WARNS = 24;
    /** Up to this many bytes, a loop of word moves beats the call into the JVM's copy routine. */
    private static final int SHORT_COPY = 32;

    static {
        sun.misc.Unsafe u = null;
        long address = -1;
        long base = 0;
        if (Boolean.parseBoolean(System.getProperty("jevent.buffer.unsafe", "true"))
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                && Runtime.version().feature() < FIRST_JDK_THAT_WARNS) {
            try {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                u = (sun.misc.Unsafe) f.get(null);
                address = u.objectFieldOffset(Buffer.class.getDeclaredField("address"));
                base = u.arrayBaseOffset(byte[].class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                u = null;
            }
        }
        UNSAFE = u;
        ADDRESS = address;
        BYTE_ARRAY_BASE = base;
    }

    private Memory() {
    }

    /** The address of {@code b}'s first byte, or 0 when its memory must go through ByteBuffer methods. */
    static long address(ByteBuffer b) {
        return UNSAFE != null && b.isDirect() ? UNSAFE.getLong(b, ADDRESS) : 0;
    }

    static long getLong(Segment s, int i) {
        long a = s.address;
        return a != 0 ? UNSAFE.getLong(a + i) : s.buf.getLong(i);
    }

    static byte get(Segment s, int i) {
        long a = s.address;
        return a != 0 ? UNSAFE.getByte(a + i) : s.buf.get(i);
    }

    static void put(Segment s, int i, byte b) {
        long a = s.address;
        if (a != 0) {
            UNSAFE.putByte(a + i, b);
        } else {
            s.buf.put(i, b);
        }
    }

    /** Copies {@code len} bytes from index {@code i} of {@code src} to index {@code j} of {@code dst}; may overlap. */
    static void copy(Segment src, int i, Segment dst, int j, int len) {
        long a = src.address;
        long b = dst.address;
        if (a != 0 && b != 0) {
            UNSAFE.copyMemory(a + i, b + j, len);
        } else {
            dst.buf.put(j, src.buf, i, len);
        }
    }

    /** Copies {@code len} bytes of {@code src} from {@code off} into {@code s} at index {@code i}. */
    static void put(byte[] src, int off, Segment s, int i, int len) {
        long a = s.address;
        if (a != 0) {
            copy(src, BYTE_ARRAY_BASE + off, null, a + i, len);
        } else {
            s.buf.put(i, src, off, len);
        }
    }

    /** Copies {@code len} bytes of {@code s} from index {@code i} into {@code dst} at {@code off}. */
    static void get(Segment s, int i, byte[] dst, int off, int len) {
        long a = s.address;
        if (a != 0) {
            copy(null, a + i, dst, BYTE_ARRAY_BASE + off, len);
        } else {
            s.buf.get(i, dst, off, len);
        }
    }

    /** Between an array and raw memory (a null base means an absolute address). */
    private static void copy(Object srcBase, long src, Object dstBase, long dst, int len) {
        if (len > SHORT_COPY) {
            UNSAFE.copyMemory(srcBase, src, dstBase, dst, len);
            return;
        }
        int k = 0;
        for (; k + 8 <= len; k += 8) {
            UNSAFE.putLong(dstBase, dst + k, UNSAFE.getLong(srcBase, src + k));
        }
        for (; k < len; k++) {
            UNSAFE.putByte(dstBase, dst + k, UNSAFE.getByte(srcBase, src + k));
        }
    }
}
