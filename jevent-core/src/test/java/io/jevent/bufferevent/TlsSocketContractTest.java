package io.jevent.bufferevent;

import io.jevent.SocketPair;
import java.io.IOException;
import java.util.Arrays;

/**
 * The BufferEvent contract over TLS sockets on the two ends of a TCP connection, handshaken
 * (TLS 1.3) before each case begins. Every case holds: the watermarks, callbacks and events of
 * the contract are those of the plaintext side.
 */
class TlsSocketContractTest extends BufferEventContract {
    @Override
    protected Connected open(BevOption... options) throws IOException {
        SocketPair pair = SocketPair.open();
        BevOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.CLOSE_ON_FREE;
        TlsBufferEvent a = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.CONNECTING, all);
        TlsBufferEvent b = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING, all);
        TestTls.handshake(base, a, b);
        return new Connected(a, b);
    }
}
