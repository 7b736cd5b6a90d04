package io.jevent.internal;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * The seam between the loop and the operating system's readiness API (libevent's
 * {@code struct eventop}). The loop keeps the per-channel event lists; a backend only learns, once
 * per iteration, what each changed channel wants, and reports which channels are ready.
 *
 * <p>{@link NioBackend} is the portable one. On JDK 22 and later the multi-release jar adds
 * {@code EpollBackend} (Linux epoll through the FFM API) and {@code IoUringBackend} (io_uring's
 * poll requests, through the same API); see {@link NativeBackends}. Nothing above this interface
 * knows which one runs.
 */
interface Backend {
    /** The watch of a channel the backend has registered, or null. */
    Watch find(SelectableChannel channel);

    /**
     * Registers a channel the first time an event watches it, so that a closed or blocking channel
     * is refused at {@code add()} time, on the caller's thread.
     *
     * @throws IllegalStateException naming the problem and the fix
     */
    void attach(Watch watch);

    /** Makes the backend want what {@code watch.wanted()} says now; releases it when nothing. */
    void update(Watch watch);

    /**
     * Waits for readiness and reports each ready channel with {@link LoopState#channelReady}.
     *
     * @param timeoutNanos 0 to poll without waiting, negative to wait until woken
     */
    void poll(long timeoutNanos) throws IOException;

    /**
     * Releases at once the channels that {@link #update} stopped watching or that jevent closed
     * ({@link #closed}), which otherwise happens at the next poll. Called when the loop returns, so
     * that such a channel may go back to blocking mode or really close.
     */
    void releaseIdle();

    /**
     * Notes that jevent closed a channel this backend may have registered: java.nio releases a
     * registered channel's descriptor (and, for a server socket, its port) only when the selector
     * deregisters it, so {@link #releaseIdle} must run.
     */
    void closed(Channel channel);

    /** Visits the watch of every channel the backend has registered. */
    void forEachWatch(Consumer<Watch> action);

    /** Makes a poll in progress, or the next one, return at once. Any thread. */
    void wakeup();

    /** Releases the backend; the channels are left open. */
    void close();

    /**
     * Opens completion-based reads and writes for a connected socket (see {@link CompletionStream}),
     * activating {@code readable} with READ when bytes or the end arrive and {@code writable} with
     * WRITE when a send finishes; null where this backend has none, and the owner reads and writes
     * the channel itself. Any thread.
     */
    default CompletionStream openStream(SocketChannel channel, LoopEvent readable, LoopEvent writable) {
        return null;
    }

    /**
     * Reads and writes on the descriptor of a socket the caller reads and writes on readiness (see
     * {@link DirectChannel}); null where this backend has none, and the caller uses the channel. Any
     * thread; the caller closes it before it closes the channel or stops using it.
     */
    default DirectChannel directIo(SocketChannel channel) {
        return null;
    }

    /** Whether {@link #openStream} gives streams: fixed for the backend's life. */
    default boolean completesIo() {
        return false;
    }
}
