package io.jevent.listener;

import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

/**
 * What a {@link ConnListener} runs for each accepted connection: libevent's
 * {@code evconnlistener_cb}.
 */
@FunctionalInterface
public interface AcceptCallback {
    /**
     * Runs on the loop thread of the listener's base.
     *
     * @param listener the listener that accepted the connection
     * @param channel  the new connection, non-blocking unless the listener was created with
     *                 {@link ConnListener.Option#LEAVE_SOCKETS_BLOCKING}; the callback owns it and
     *                 must close it eventually (for example through a {@code BufferEvent} with
     *                 {@code CLOSE_ON_FREE})
     * @param peer     the peer's address (libevent's {@code sockaddr})
     */
    void onAccept(ConnListener listener, SocketChannel channel, SocketAddress peer);
}
