package io.jevent.bufferevent;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A blocking {@link SSLServerSocket} on 127.0.0.1 that serves each connection with a handler on
 * one thread, and reports how each one went: the JDK's own TLS server, to check contexts against
 * clients without jevent's TLS in the way.
 */
final class TlsServer implements AutoCloseable {
    /** What the server does with one accepted connection. */
    interface Handler {
        void handle(SSLSocket socket) throws Exception;
    }

    /** How one connection went: {@code failure} is null when the handler returned normally. */
    record Outcome(Throwable failure) {
    }

    private static final int READ_TIMEOUT_MILLIS = 20_000;

    private final SSLServerSocket server;
    private final Thread acceptor;
    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

    TlsServer(SSLContext context, Handler handler, String... protocols) throws IOException {
        server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        if (protocols.length > 0) {
            server.setEnabledProtocols(protocols);
        }
        acceptor = new Thread(() -> serve(handler), "tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * How the next connection went, once its handler has finished and the server has closed it.
     * Close the client first: a JDK server closing a TLS 1.3 connection waits for the client's
     * close_notify (up to the read timeout).
     */
    Outcome awaitOutcome() throws InterruptedException {
        Outcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("no connection was served within 30 s");
        }
        return outcome;
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(10_000);
    }

    private void serve(Handler handler) {
        while (true) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) server.accept();
            } catch (IOException closed) {
                return;
            }
            Throwable failure = null;
            try {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                handler.handle(socket);
            } catch (Exception e) {
                failure = e;
            }
            try {
                socket.close();
            } catch (IOException e) {
                // The peer may already have gone; how the handler fared is what the test asks about.
            }
            outcomes.add(new Outcome(failure));
        }
    }
}
