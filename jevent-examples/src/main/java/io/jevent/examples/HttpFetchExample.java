package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.TlsState;
import io.jevent.http.HttpConnection;
import io.jevent.http.HttpMethod;
import io.jevent.http.HttpRequest;
import io.jevent.http.HttpUri;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The evhttp client, as in libevent's sample {@code http-connect} and the asynchronous I/O
 * introduction's last program: fetches a URL with {@link HttpConnection}, prints the status line
 * and headers, and writes the body to a file ({@code -o FILE}) or to standard output, piece by
 * piece as it arrives (the chunk callback), so a large body is never held whole.
 *
 * <p>An {@code https://} URL gets a TLS BufferEvent from {@link HttpConnection#setBufferEventFactory}
 * (libevent's {@code evhttp_connection_base_bufferevent_new} with an OpenSSL bufferevent): the
 * server's certificate must chain to {@code --cacert PEM} (or to the JDK's CAs) and name the host
 * ({@link ClientTls}).
 */
final class HttpFetchExample extends Example {
    HttpFetchExample() {
        super("http-fetch URL [-o FILE] [--timeout SECONDS] [--cacert PEM]",
                "the evhttp client: GET an http:// or https:// URL, print its status and headers, save its body",
                List.of("o", "output", "timeout", "cacert"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String url = args.word(0, "URL", null, 1);
        if (url == null) {
            throw new Args.UsageException("missing URL");
        }
        HttpUri uri = HttpUri.tryParse(url, 0);
        if (uri == null || uri.host() == null || uri.host().isEmpty()) {
            throw new Args.UsageException("not a URL with a host: " + url);
        }
        boolean https = "https".equalsIgnoreCase(uri.scheme());
        if (!https && !"http".equalsIgnoreCase(uri.scheme())) {
            throw new Args.UsageException("only http:// and https:// URLs: " + url);
        }
        SSLContext tls = https ? ClientTls.context(args.string("cacert", null)) : null;
        String file = args.string("o", args.string("output", null));
        int timeout = args.integer("timeout", 30, 1, 3600);
        String host = uri.host().startsWith("[") ? uri.host().substring(1, uri.host().length() - 1) : uri.host();
        String target = (uri.path().isEmpty() ? "/" : uri.path()) + (uri.query() != null ? "?" + uri.query() : "");
        int[] code = {1};
        try (OutputStream body = file != null ? Files.newOutputStream(Path.of(file)) : out;
                EventBase base = new EventBase()) {
            int port = uri.port() > 0 ? uri.port() : https ? 443 : 80;
            HttpConnection conn = new HttpConnection(base, host, port);
            if (tls != null) {
                conn.setBufferEventFactory((b, channel) -> BufferEvent.tlsSocket(b, channel,
                        ClientTls.engine(tls, host, port), TlsState.CONNECTING, BevOption.CLOSE_ON_FREE));
            }
            conn.setTimeout(Duration.ofSeconds(timeout));
            HttpRequest req = new HttpRequest(r -> {
                if (r.error() != null) {
                    err.println("http-fetch: " + url + ": " + r.error());
                } else {
                    save(r.input(), body, err);
                    code[0] = 0;
                }
                conn.close();
            });
            req.setHeaderCallback(r -> {
                out.println("HTTP/" + r.major() + "." + r.minor() + " " + r.responseCode() + " " + r.responseReason());
                r.inputHeaders().forEach((n, v) -> out.println(n + ": " + v));
                out.println();
                out.flush();
            });
            req.setChunkCallback(r -> save(r.input(), body, err));
            req.outputHeaders().add("User-Agent", "jevent-http-fetch");
            conn.makeRequest(req, HttpMethod.GET, target);
            base.dispatch();
        }
        if (file != null && code[0] == 0) {
            err.println("http-fetch: body saved to " + file);
        }
        return code[0];
    }

    /** Moves what arrived to the output, leaving the buffer empty. */
    private static void save(EvBuffer in, OutputStream body, PrintStream err) {
        try {
            ByteBuffer[] views = in.peek(-1);
            for (ByteBuffer v : views) {
                byte[] b = new byte[v.remaining()];
                v.get(b);
                body.write(b);
            }
            body.flush();
        } catch (IOException e) {
            err.println("http-fetch: " + Lifetime.describe(e));
        }
        in.drain(in.length());
    }
}
