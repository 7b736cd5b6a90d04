package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SelfSignedCertificate;
import io.jevent.bufferevent.TlsContexts;
import io.jevent.bufferevent.TlsState;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * HTTPS through the BufferEvent factories alone: a TLS BufferEvent reports CONNECTED when its
 * handshake ends, which neither side may take for an error.
 */
class HttpsTest {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.generate();

    @Test
    void aClientAndAServerWithTlsFactoriesExchangeRequestsOnOneConnection() throws Exception {
        SSLContext server = TlsContexts.server(CERT);
        SSLContext client = TlsContexts.client(CERT);
        try (ServerFixture f = new ServerFixture(http -> {
            http.setBufferEventFactory((base, channel) -> BufferEvent.tlsSocket(base, channel,
                    server.createSSLEngine(), TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE));
            http.setCallback("/hello", req -> req.sendReply(200, null, new EvBuffer().add("hello over TLS",
                    StandardCharsets.UTF_8)));
        })) {
            HttpConnection c = new HttpConnection(f.base, "127.0.0.1", f.port);
            c.setBufferEventFactory((base, channel) -> BufferEvent.tlsSocket(base, channel,
                    client.createSSLEngine("127.0.0.1", f.port), TlsState.CONNECTING, BevOption.CLOSE_ON_FREE));
            for (int i = 1; i <= 2; i++) {
                CompletableFuture<HttpRequest> done = new CompletableFuture<>();
                f.onLoop(() -> {
                    c.makeRequest(new HttpRequest(done::complete), HttpMethod.GET, "/hello");
                    return null;
                });
                HttpRequest r = done.get(10, TimeUnit.SECONDS);
                assertThat(r.error()).isNull();
                assertThat(r.responseCode()).isEqualTo(200);
                byte[] body = new byte[(int) r.input().length()];
                r.input().remove(body);
                assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("hello over TLS");
                assertThat(c.requestsOnThisSocket()).isEqualTo(i);
            }
            f.onLoop(() -> {
                c.close();
                return null;
            });
        }
    }
}
