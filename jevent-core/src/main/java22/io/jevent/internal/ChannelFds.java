package io.jevent.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * Reads the file descriptor of a JDK channel. {@code SelectableChannel} does not expose it; every
 * JDK socket, server-socket, datagram and pipe channel implements the internal interface
 * {@code sun.nio.ch.SelChImpl}, whose {@code getFDVal()} returns it. That package is not exported,
 * so this works only when the JVM runs with {@code --add-exports java.base/sun.nio.ch=io.jevent}
 * (jevent on the module path) or {@code =ALL-UNNAMED} (on the class path); without it the native
 * backends report themselves unavailable, and AUTO runs java.nio.
 */
final class ChannelFds {
    static final String FLAG_MODULE = "--add-exports java.base/sun.nio.ch=io.jevent";
    static final String FLAG_CLASS_PATH = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

    private static final Class<?> SELCH;
    private static final MethodHandle GET_FD;
    private static final MethodHandle KILL;
    /** {@code sun.nio.ch.DirectBuffer.address()}, in the same package and under the same flag. */
    private static final MethodHandle ADDRESS;
    /** Why descriptors cannot be read, or null. */
    static final String UNAVAILABLE;

    static {
        Class<?> selch = null;
        MethodHandle getFd = null;
        MethodHandle kill = null;
        MethodHandle address = null;
        String why = null;
        try {
            selch = Class.forName("sun.nio.ch.SelChImpl");
            Module self = ChannelFds.class.getModule();
            if (!selch.getModule().isExported("sun.nio.ch", self)) {
                why = "needs the JVM flag " + (self.isNamed() ? FLAG_MODULE : FLAG_CLASS_PATH)
                        + " to read a channel's file descriptor";
            } else {
                getFd = MethodHandles.lookup().findVirtual(selch, "getFDVal", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, SelectableChannel.class));
                kill = MethodHandles.lookup().findVirtual(selch, "kill", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, SelectableChannel.class));
                address = MethodHandles.lookup().findVirtual(Class.forName("sun.nio.ch.DirectBuffer"), "address",
                        MethodType.methodType(long.class)).asType(MethodType.methodType(long.class, ByteBuffer.class));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = "cannot read a channel's file descriptor on this JDK: " + e;
        }
        SELCH = selch;
        GET_FD = getFd;
        KILL = kill;
        ADDRESS = address;
        UNAVAILABLE = why;
    }

    private ChannelFds() {
    }

    /**
     * The channel's descriptor.
     *
     * @throws IllegalStateException if the channel is not one of the JDK's own
     */
    static int fd(SelectableChannel channel) {
        if (!SELCH.isInstance(channel)) {
            throw new IllegalStateException("the native backends can only watch the JDK's own channels"
                    + " (socket, server socket, datagram, pipe), not " + channel.getClass().getName()
                    + "; use BackendKind.NIO for this base");
        }
        try {
            return (int) GET_FD.invokeExact(channel);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, t);
        }
    }

    /**
     * The address of a direct buffer's first byte (not its position's), read from the buffer itself:
     * no allocation, unlike a {@code MemorySegment} view of it.
     */
    static long address(ByteBuffer direct) {
        try {
            return (long) ADDRESS.invokeExact(direct);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Finishes closing a channel whose close the JDK deferred because a selector held it:
     * {@code SelChImpl.kill()}, what the JDK's own selectors call once they have let go of a closed
     * channel's key. Releases its descriptor.
     */
    static void kill(SelectableChannel channel) {
        try {
            KILL.invokeExact(channel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable closeFailed) {
            // An IOException: as with the JDK's selectors, the channel is closed for its user either way.
        }
    }
}
