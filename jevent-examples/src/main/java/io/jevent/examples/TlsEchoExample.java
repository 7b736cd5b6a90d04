package io.jevent.examples;

import io.jevent.EventBase;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The echo server over TLS: {@code echo}'s {@link BufferEventServer} and protocol, with each
 * accepted connection wrapped in a TLS BufferEvent in the server's role
 * ({@code BufferEvent.tlsSocket(..., TlsState.ACCEPTING)}, libevent's
 * {@code bufferevent_openssl_socket_new} with {@code BUFFEREVENT_SSL_ACCEPTING}). The protocol
 * does not change at all: the read callback still moves plaintext input to plaintext output, and
 * the drain on stop ends each connection with {@code close_notify}.
 *
 * <p>The certificate comes from {@code --cert} and {@code --key}, or is a throw-away self-signed one
 * whose file the server names ({@link ServerTls}). A failed handshake (a client that does not
 * trust the certificate, or that is not speaking TLS at all) is reported with the client's address,
 * like any other error on a connection, and the server goes on.
 */
final class TlsEchoExample extends Example {
    static final int PORT = 9877;

    TlsEchoExample() {
        super("tls-echo [--port P] " + ServerTls.USAGE + " " + Listen.USAGE + " [--seconds N]",
                "the echo server over TLS: a TLS BufferEvent per connection (port " + PORT + ")",
                options());
    }

    private static List<String> options() {
        List<String> options = new ArrayList<>(Lifetime.SERVER_OPTIONS);
        options.addAll(ServerTls.OPTIONS);
        return options;
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        ServerTls tls = ServerTls.fromArgs(args, name(), true);
        return Lifetime.serve(name(), args, out, err, PORT, (base, listen) -> listen(base, listen, tls, err),
                tls.notes());
    }

    static BufferEventServer listen(EventBase base, Listen listen, ServerTls tls, PrintStream err) {
        return new BufferEventServer(base, listen, "tls-echo", err, EchoExample.PROTOCOL, tls::accept);
    }
}
