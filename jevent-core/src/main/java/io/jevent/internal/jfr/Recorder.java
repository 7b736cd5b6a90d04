package io.jevent.internal.jfr;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import jdk.jfr.EventType;

/**
 * The event types and the code that builds and commits the events, behind {@link FlightEvents}.
 * Loaded only once the flight recorder runs: looking up an event type, or merely loading an event
 * class, makes the JVM load and set up much of the recorder (hundreds of milliseconds), which a
 * program that records nothing must not pay.
 */
final class Recorder {
    private static final EventType SLOW_CALLBACK = EventType.getEventType(SlowCallbackEvent.class);
    private static final EventType LOOP_STALL = EventType.getEventType(LoopStallEvent.class);
    private static final EventType ACCEPTED = EventType.getEventType(ConnectionAcceptedEvent.class);
    private static final EventType CLOSED = EventType.getEventType(ConnectionClosedEvent.class);
    private static final EventType ACCEPT_ERROR = EventType.getEventType(AcceptErrorEvent.class);

    private Recorder() {
    }

    /** Whether a recording wants the events for which the loop must time its callbacks. */
    static boolean loopTimingWanted() {
        return SLOW_CALLBACK.isEnabled() || LOOP_STALL.isEnabled();
    }

    /** Loop thread, after a callback that ran longer than the slow-callback threshold. */
    static void slowCallback(long nanos, Object event, Class<?> callbackClass, int priority) {
        if (SLOW_CALLBACK.isEnabled()) {
            SlowCallbackEvent e = new SlowCallbackEvent();
            e.callbackTime = nanos;
            e.event = String.valueOf(event);
            e.callbackClass = callbackClass;
            e.priority = priority;
            e.commit();
        }
    }

    /** Loop thread, after an iteration whose callbacks ran longer than the stall threshold. */
    static void loopStall(long nanos, int callbacks) {
        if (LOOP_STALL.isEnabled()) {
            LoopStallEvent e = new LoopStallEvent();
            e.stallTime = nanos;
            e.callbacks = callbacks;
            e.commit();
        }
    }

    /** A listener accepted a connection from {@code peer}. */
    static void accepted(NetworkChannel listener, SocketAddress peer) {
        if (ACCEPTED.isEnabled()) {
            ConnectionAcceptedEvent e = new ConnectionAcceptedEvent();
            e.localAddress = localAddress(listener);
            e.remoteAddress = String.valueOf(peer);
            e.commit();
        }
    }

    /** A listener's accept() failed with {@code cause}. */
    static void acceptError(NetworkChannel listener, Throwable cause) {
        if (ACCEPT_ERROR.isEnabled()) {
            AcceptErrorEvent e = new AcceptErrorEvent();
            e.localAddress = localAddress(listener);
            e.exceptionClass = cause.getClass();
            e.message = cause.getMessage();
            e.commit();
        }
    }

    /** A socket BufferEvent was closed, after moving {@code read} and {@code written} bytes. */
    static void connectionClosed(SocketChannel channel, long read, long written, boolean channelClosed) {
        if (CLOSED.isEnabled()) {
            ConnectionClosedEvent e = new ConnectionClosedEvent();
            e.remoteAddress = remoteAddress(channel);
            e.bytesRead = read;
            e.bytesWritten = written;
            e.channelClosed = channelClosed;
            e.commit();
        }
    }

    private static String remoteAddress(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String localAddress(NetworkChannel channel) {
        try {
            return String.valueOf(channel.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            // Closed under us: the event is still worth having, without the address.
            return null;
        }
    }
}
