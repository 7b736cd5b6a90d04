package io.jevent.bufferevent;

/**
 * Where a {@link TlsBufferEvent}'s session starts: libevent's {@code enum
 * bufferevent_ssl_state}.
 */
public enum TlsState {
    /**
     * {@code BUFFEREVENT_SSL_CONNECTING}: this side is the client. The engine is put in client mode
     * and the handshake begins at once (its first message waits in the output of a socket that is
     * not connected yet); {@link BevEvent#CONNECTED} is reported when it completes.
     */
    CONNECTING,
    /**
     * {@code BUFFEREVENT_SSL_ACCEPTING}: this side is the server. The engine is put in server mode
     * and waits for the client's hello; {@link BevEvent#CONNECTED} is reported when the handshake
     * completes.
     */
    ACCEPTING,
    /**
     * {@code BUFFEREVENT_SSL_OPEN}: the engine's mode is left as it is, and no
     * {@link BevEvent#CONNECTED} is reported. An engine whose session is already established is
     * used as it is; one that has not handshaken yet begins when it is first used, as the JDK's
     * {@code SSLEngine} does.
     */
    OPEN
}
