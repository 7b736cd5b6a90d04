package io.jevent.bufferevent;

/** The BufferEvent contract over the two ends of a pair. */
class PairBufferEventContractTest extends BufferEventContract {
    @Override
    protected Connected open(BevOption... options) {
        PairBufferEvent[] ends = BufferEvent.pair(base, options);
        return new Connected(ends[0], ends[1]);
    }
}
