package io.jevent.bufferevent;

import io.jevent.SocketPair;
import java.io.IOException;

/** The BufferEvent contract over a real TCP connection on 127.0.0.1. */
class SocketBufferEventContractTest extends BufferEventContract {
    @Override
    protected Connected open(BevOption... options) throws IOException {
        SocketPair pair = SocketPair.open();
        BevOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.CLOSE_ON_FREE;
        return new Connected(BufferEvent.socket(base, pair.left, all), BufferEvent.socket(base, pair.right, all));
    }
}
