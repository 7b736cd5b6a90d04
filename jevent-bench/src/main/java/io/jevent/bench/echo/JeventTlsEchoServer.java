package io.jevent.bench.echo;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.TlsState;
import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The TLS echo server as a jevent user writes it: {@link JeventEchoServer} with each connection
 * wrapped in a TLS BufferEvent ({@code BufferEvent.tlsSocket}, server role). Nothing is tuned.
 */
public final class JeventTlsEchoServer implements EchoServer {
    private final EventBase base = new EventBase();
    private final ConnListener listener;
    private Thread thread;

    public JeventTlsEchoServer(InetSocketAddress address, Path certDir) throws IOException {
        SSLContext context = TlsEchoSetup.serverContext(certDir);
        listener = ConnListener.bind(base, address, -1, (lev, channel, peer) -> {
            BufferEvent bev = BufferEvent.tlsSocket(base, channel, TlsEchoSetup.restrict(context.createSSLEngine()),
                    TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> b.output().addBuffer(b.input()), null, (b, events) -> {
                if ((events & (BevEvent.EOF | BevEvent.ERROR)) != 0) {
                    b.close();
                }
            });
            bev.enable(Ev.READ | Ev.WRITE);
        }, ConnListener.Option.REUSEABLE, ConnListener.Option.CLOSE_ON_FREE);
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
        thread = new Thread(base::dispatch, "jevent-tls-echo");
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
