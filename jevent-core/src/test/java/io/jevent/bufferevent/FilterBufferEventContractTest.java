package io.jevent.bufferevent;

import io.jevent.SocketPair;
import java.io.IOException;
import java.util.Arrays;

/** The BufferEvent contract over identity filters on the two ends of a TCP connection. */
class FilterBufferEventContractTest extends BufferEventContract {
    @Override
    protected Connected open(BevOption... options) throws IOException {
        SocketPair pair = SocketPair.open();
        BevOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.CLOSE_ON_FREE;
        return new Connected(
                BufferEvent.filter(BufferEvent.socket(base, pair.left, all), null, null, all),
                BufferEvent.filter(BufferEvent.socket(base, pair.right, all), null, null, all));
    }
}
