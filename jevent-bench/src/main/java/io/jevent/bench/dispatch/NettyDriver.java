package io.jevent.bench.dispatch;

import io.netty.channel.IoRegistration;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.nio.NioIoOps;
import io.netty.channel.nio.NioSelectableChannelIoHandle;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's NIO event loop machinery doing bench.c's work: a {@link NioIoHandler} (Netty's
 * selector loop, with its selected-key-set optimisation) under a {@link ManualIoEventLoop}, which
 * Netty provides so that the caller's thread drives the loop; {@code runNow()} is one non-blocking
 * poll plus the task queue, like {@code LOOP_ONCE | LOOP_NONBLOCK}. Each source is registered
 * through {@link NioSelectableChannelIoHandle}, Netty's handle for channels it did not create
 * (Netty's {@code Channel}s only wrap sockets, not pipes), with {@code READ} interest.
 *
 * <p>So this measures Netty's event loop and I/O dispatch, not its channel pipeline or its
 * {@code ByteBuf}s; driving it from the caller's thread also keeps a cross-thread wake-up per round
 * out of the measurement, as for the other two loops.
 */
final class NettyDriver extends RingDriver {
    private static final long SHUTDOWN_POLLS = 1_000;

    private final ManualIoEventLoop loop = new ManualIoEventLoop(Thread.currentThread(), NioIoHandler.newFactory());

    NettyDriver(PipeRing ring) throws IOException {
        super(ring);
        try {
            for (int i = 0; i < ring.size(); i++) {
                // Registering on the owning thread completes at once; the future only carries a failure.
                IoRegistration registration = loop.register(new Relay(ring.source(i), i)).syncUninterruptibly().getNow();
                registration.submit(NioIoOps.READ);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Calls the ring's relay for its pipe when Netty reports it readable. */
    private final class Relay extends NioSelectableChannelIoHandle<Pipe.SourceChannel> {
        private final int index;

        Relay(Pipe.SourceChannel source, int index) {
            super(source);
            this.index = index;
        }

        @Override
        protected void handle(Pipe.SourceChannel channel, SelectionKey key) {
            ring.relay(index);
        }

        /** The ring owns the pipes; Netty must not close them when the loop shuts down. */
        @Override
        public void close() {
        }
    }

    @Override
    void pollOnce() {
        loop.runNow();
    }

    /** Shuts the loop down; a manual loop only makes progress while its owner runs it. */
    @Override
    public void close() throws IOException {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        for (long i = 0; !loop.isTerminated(); i++) {
            if (i == SHUTDOWN_POLLS) {
                throw new IOException("Netty's loop did not terminate after " + SHUTDOWN_POLLS + " polls");
            }
            loop.runNow();
        }
    }
}
