package io.jevent.bufferevent;

import java.util.Arrays;

/**
 * The BufferEvent contract over TLS filters on the two ends of a pair (TLS 1.2, so that both
 * protocol versions run the whole contract), handshaken before each case begins. Every case
 * holds.
 */
class TlsFilterOverPairContractTest extends BufferEventContract {
    @Override
    protected Connected open(BevOption... options) {
        BevOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.CLOSE_ON_FREE;
        PairBufferEvent[] ends = BufferEvent.pair(base, all);
        TlsBufferEvent a = BufferEvent.tlsFilter(ends[0], TestTls.clientEngine("TLSv1.2"), TlsState.CONNECTING, all);
        TlsBufferEvent b = BufferEvent.tlsFilter(ends[1], TestTls.serverEngine("TLSv1.2"), TlsState.ACCEPTING, all);
        TestTls.handshake(base, a, b);
        return new Connected(a, b);
    }
}
