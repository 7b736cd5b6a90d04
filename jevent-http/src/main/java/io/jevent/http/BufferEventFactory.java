package io.jevent.http;

import io.jevent.EventBase;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Makes the BufferEvent of each HTTP connection: libevent's {@code evhttp_set_bevcb} (server) and
 * {@code evhttp_connection_base_bufferevent_new} (client). The default wraps the socket in a socket
 * BufferEvent; a factory that returns a TLS BufferEvent over the same channel makes the server serve
 * HTTPS, or the client speak it, with nothing else changed. Called on the loop thread.
 */
@FunctionalInterface
public interface BufferEventFactory {
    /** Plain TCP: {@code BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE)}. */
    BufferEventFactory SOCKET = (base, channel) -> BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE);

    /**
     * Makes the BufferEvent of one connection, on the connection's loop thread.
     *
     * @param base    the loop of the connection
     * @param channel the connected socket, accepted by a server or connected by a client; the
     *                BufferEvent must own it (close it when closed)
     * @return the BufferEvent that reads and writes the connection
     * @throws IOException if it cannot be made; the connection is then closed
     */
    BufferEvent create(EventBase base, SocketChannel channel) throws IOException;
}
