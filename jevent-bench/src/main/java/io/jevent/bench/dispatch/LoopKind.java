package io.jevent.bench.dispatch;

import java.io.IOException;

/** The three loops the dispatch benchmark compares; a JMH parameter, so one run measures all three. */
public enum LoopKind {
    /** The floor: a hand-written java.nio selector loop. */
    RAW_NIO {
        @Override
        RingDriver open(PipeRing ring) throws IOException {
            return new RawSelectorDriver(ring);
        }
    },
    /** jevent's EventBase. */
    JEVENT {
        @Override
        RingDriver open(PipeRing ring) {
            return new JeventDriver(ring);
        }
    },
    /** Netty's NioIoHandler, driven on the caller's thread. */
    NETTY {
        @Override
        RingDriver open(PipeRing ring) throws IOException {
            return new NettyDriver(ring);
        }
    };

    /** A loop over the ring's pipes, owned by the calling thread. */
    abstract RingDriver open(PipeRing ring) throws IOException;
}
