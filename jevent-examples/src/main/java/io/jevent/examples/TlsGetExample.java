package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.TlsBufferEvent;
import io.jevent.bufferevent.TlsState;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * {@code http-get --async} over TLS: an HTTPS GET on a TLS BufferEvent in the client's role
 * ({@code BufferEvent.tlsSocket(..., TlsState.CONNECTING)}, libevent's
 * {@code bufferevent_openssl_socket_new} with {@code BUFFEREVENT_SSL_CONNECTING}).
 * {@link TlsBufferEvent#connectHostname} resolves the name, connects and then handshakes; the
 * request written before that waits in the output and goes out encrypted once the session is up.
 * The server's certificate must chain to {@code --cacert} (or to the JDK's CAs) and name the host
 * ({@link ClientTls}).
 *
 * <p>It sends an HTTP/1.1 request with {@code Connection: close}, so the server ends the response
 * by closing, and prints the whole response as received. Failures are said in one line with curl's
 * exit codes: a certificate not accepted {@value ClientTls#CERTIFICATE_REJECTED}, any other failed
 * handshake {@value ClientTls#HANDSHAKE_FAILED}, an empty or cut-short reply as {@code http-get}
 * ({@link ReplyCheck}), a failed lookup or connection 1. A server that closes without
 * {@code close_notify} is taken as the end of the reply ({@link TlsBufferEvent#allowDirtyShutdown}),
 * as curl does: {@link ReplyCheck} still tells a reply cut short by its length.
 */
final class TlsGetExample extends Example {
    TlsGetExample() {
        super("tls-get HOST [PORT] [PATH] [--cacert PEM]",
                "an HTTPS GET on a TLS BufferEvent, the server's name checked; prints the response",
                List.of("cacert"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String host = args.word(0, "HOST", null, 3);
        int port = Args.number("PORT", args.word(1, "PORT", "443", 3), 1, 65535);
        String path = args.word(2, "PATH", "/", 3);
        if (!path.startsWith("/")) {
            throw new Args.UsageException("PATH must start with /: " + path);
        }
        SSLContext context = ClientTls.context(args.string("cacert", null));
        String hostHeader = host.contains(":") ? "[" + host + "]" : host;
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + (port == 443 ? hostHeader : hostHeader + ":" + port)
                + "\r\nUser-Agent: jevent-tls-get\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ReplyCheck reply = new ReplyCheck();
        int[] code = {0};
        String[] failure = {null};
        try (EventBase base = new EventBase()) {
            TlsBufferEvent bev = BufferEvent.tlsSocket(base, null, ClientTls.engine(context, host, port),
                    TlsState.CONNECTING, BevOption.CLOSE_ON_FREE);
            bev.allowDirtyShutdown(true);
            byte[] chunk = new byte[16 * 1024];
            bev.setCallbacks(b -> {
                for (int n; (n = b.read(chunk)) > 0; ) {
                    out.write(chunk, 0, n);
                    reply.feed(chunk, 0, n);
                }
            }, null, (b, events) -> {
                if ((events & BevEvent.CONNECTED) != 0) {
                    return;
                }
                if ((events & BevEvent.TIMEOUT) != 0) {
                    failure[0] = "no progress in " + HttpGetExample.TIMEOUT.toSeconds() + " s";
                    code[0] = 1;
                } else if ((events & BevEvent.ERROR) != 0) {
                    failure[0] = why(bev);
                    code[0] = bev.tlsErrors().isEmpty() ? 1 : ClientTls.certificateRejection(bev.lastError()) != null
                            ? ClientTls.CERTIFICATE_REJECTED : ClientTls.HANDSHAKE_FAILED;
                }
                b.close();   // EOF: all the server will send; ReplyCheck says if it is whole
            });
            bev.setTimeouts(HttpGetExample.TIMEOUT, HttpGetExample.TIMEOUT);
            bev.enable(Ev.READ | Ev.WRITE);
            bev.write(request);
            bev.connectHostname(host, port, HttpGetExample.TIMEOUT);
            base.dispatch();
        }
        out.flush();
        if (failure[0] != null) {
            err.println(name() + ": " + host + ":" + port + ": " + failure[0]);
            return code[0];
        }
        if (reply.problem() != null) {
            err.println(name() + ": " + host + ":" + port + ": " + reply.problem());
            return reply.exitCode();
        }
        return 0;
    }

    private static String why(TlsBufferEvent bev) {
        Exception e = bev.lastError();
        if (e instanceof UnknownHostException) {
            return "cannot resolve the name: " + Lifetime.describe(e);
        }
        if (bev.tlsErrors().isEmpty()) {
            return Lifetime.describe(e);
        }
        CertificateException rejection = ClientTls.certificateRejection(e);
        return rejection != null ? "the server's certificate was not accepted: " + Lifetime.describe(rejection)
                : "the TLS handshake failed: " + Lifetime.describe(e);
    }
}
