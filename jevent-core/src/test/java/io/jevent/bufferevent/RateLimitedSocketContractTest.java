package io.jevent.bufferevent;

import io.jevent.SocketPair;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The BufferEvent contract over rate-limited sockets: a limit high enough (6.4 GB/s in ticks of
 * 10 ms) not to pause anything, so that what is checked is that the limiter's bookkeeping changes
 * nothing else.
 */
class RateLimitedSocketContractTest extends BufferEventContract {
    private static final RateLimit HIGH = RateLimit.of(64L << 20, 64L << 20, 64L << 20, 64L << 20,
            Duration.ofMillis(10));

    @Override
    protected Connected open(BevOption... options) throws IOException {
        SocketPair pair = SocketPair.open();
        BevOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.CLOSE_ON_FREE;
        SocketBufferEvent a = BufferEvent.socket(base, pair.left, all);
        SocketBufferEvent b = BufferEvent.socket(base, pair.right, all);
        a.setRateLimit(HIGH);
        b.setRateLimit(HIGH);
        return new Connected(a, b);
    }
}
