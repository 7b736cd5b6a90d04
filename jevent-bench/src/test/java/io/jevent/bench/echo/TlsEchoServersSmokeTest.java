package io.jevent.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.bufferevent.SelfSignedCertificate;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both servers of the TLS comparison speak TLS 1.3 with the one cipher suite and echo every byte,
 * and the TLS load completes messages against them: the harness's correctness, no timing asserted.
 */
class TlsEchoServersSmokeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jevent-tls", "netty-tls"})
    void everyTlsServerEchoesEveryByteWithTheAgreedProtocolAndCipher(String kind) throws Exception {
        SelfSignedCertificate.generate("localhost", "127.0.0.1").writeTo(dir);
        try (EchoServer server = ServerMain.create(kind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.toString())) {
            server.start();
            byte[] data = new byte[100_000];
            new Random(1).nextBytes(data);
            try (SSLSocket socket = (SSLSocket) TlsEchoSetup.clientContext(dir).getSocketFactory()
                    .createSocket(server.address().getAddress(), server.address().getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(data);
                byte[] back = new byte[data.length];
                new DataInputStream(socket.getInputStream()).readFully(back);
                assertThat(back).isEqualTo(data);
                assertThat(socket.getSession().getProtocol()).isEqualTo(TlsEchoSetup.PROTOCOL);
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(TlsEchoSetup.CIPHER);
            }
            try (TlsEchoLoad load = new TlsEchoLoad(new EchoLoad.Config(4, 2, 16 * 1024, 1), server.address(),
                    TlsEchoSetup.clientContext(dir))) {
                assertThat(load.measure(Duration.ofMillis(200), Duration.ofMillis(500)).messages()).isPositive();
            }
        }
    }
}
