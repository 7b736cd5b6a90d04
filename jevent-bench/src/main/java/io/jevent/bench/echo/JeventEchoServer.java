package io.jevent.bench.echo;

import io.jevent.BackendKind;
import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * The echo server as a jevent user writes it: a listener, one BufferEvent per connection, and a
 * read callback that moves the input to the output. Nothing here is tuned for the benchmark; the
 * backend is the one thing chosen, so that each of jevent's backends can be measured.
 */
public final class JeventEchoServer implements EchoServer {
    private final EventBase base;
    private final ConnListener listener;
    private Thread thread;

    /**
     * @param address where to listen
     * @param backend the backend the loop must run; one that cannot run here fails with
     *                {@link UnsupportedOperationException} saying why, never a quiet fallback
     */
    public JeventEchoServer(InetSocketAddress address, BackendKind backend) {
        this(address, backend, false);
    }

    /**
     * @param address      where to listen
     * @param backend      as above
     * @param completionIo whether the backend reads and writes for the connections
     *                     ({@code EventBase.Builder.completionIo}); refused where it cannot
     */
    public JeventEchoServer(InetSocketAddress address, BackendKind backend, boolean completionIo) {
        base = EventBase.builder().backend(backend).completionIo(completionIo).build();
        if (completionIo && !base.completesIo()) {
            base.close();
            throw new UnsupportedOperationException("completion I/O needs io_uring on Linux 6.0+");
        }
        listener = ConnListener.bind(base, address, -1, (lev, channel, peer) -> {
            noDelay(channel);
            BufferEvent bev = BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> b.output().addBuffer(b.input()), null, (b, events) -> {
                if ((events & (BevEvent.EOF | BevEvent.ERROR)) != 0) {
                    b.close();
                }
            });
            bev.enable(Ev.READ | Ev.WRITE);
        }, ConnListener.Option.REUSEABLE, ConnListener.Option.CLOSE_ON_FREE);
    }

    /**
     * Turns Nagle's algorithm off, as Netty does on every connection by default (and the C servers
     * here do too): with it on, the second part of a message echoed in two writes can wait for the
     * client's delayed ACK, up to 40 ms.
     */
    static void noDelay(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public String backend() {
        return base.backendName();
    }

    @Override
    public Thread start() {
        thread = new Thread(base::dispatch, "jevent-echo");
        thread.start();
        return thread;
    }

    @Override
    public void close() throws InterruptedException {
        base.execute(() -> {
            listener.close();
            base.loopBreak();
        });
        thread.join(10_000);
        base.close();
    }
}
