package io.jevent.internal.jfr;

import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import jdk.jfr.FlightRecorder;

/**
 * Where jevent commits its flight-recorder events. Each method first asks whether the flight
 * recorder has started at all (a volatile read; it starts with {@code -XX:StartFlightRecording},
 * {@code jcmd JFR.start} or a {@code RecordingStream}), then whether a recording wants the event
 * type (a field read), and only then builds the event. So a program that records nothing loads
 * none of the recorder's classes, pays one read per call, and allocates nothing.
 */
public final class FlightEvents {
    private FlightEvents() {
    }

    /** Whether a recording wants the events for which the loop must time its callbacks. */
    public static boolean loopTimingWanted() {
        return FlightRecorder.isInitialized() && Recorder.loopTimingWanted();
    }

    /** Loop thread, after a callback that ran longer than the slow-callback threshold. */
    public static void slowCallback(long nanos, Object event, Class<?> callbackClass, int priority) {
        if (FlightRecorder.isInitialized()) {
            Recorder.slowCallback(nanos, event, callbackClass, priority);
        }
    }

    /** Loop thread, after an iteration whose callbacks ran longer than the stall threshold. */
    public static void loopStall(long nanos, int callbacks) {
        if (FlightRecorder.isInitialized()) {
            Recorder.loopStall(nanos, callbacks);
        }
    }

    /** A listener accepted a connection from {@code peer}. */
    public static void accepted(NetworkChannel listener, SocketAddress peer) {
        if (FlightRecorder.isInitialized()) {
            Recorder.accepted(listener, peer);
        }
    }

    /** A listener's accept() failed with {@code cause}. */
    public static void acceptError(NetworkChannel listener, Throwable cause) {
        if (FlightRecorder.isInitialized()) {
            Recorder.acceptError(listener, cause);
        }
    }

    /** A socket BufferEvent was closed, after moving {@code read} and {@code written} bytes. */
    public static void connectionClosed(SocketChannel channel, long read, long written, boolean channelClosed) {
        if (FlightRecorder.isInitialized()) {
            Recorder.connectionClosed(channel, read, written, channelClosed);
        }
    }
}
