package io.jevent.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jevent.bufferevent.SelfSignedCertificate;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both servers of the TLS comparison speak TLS 1.3 with the one cipher suite and echo every byte,
 * and both TLS loads (the Java one, and the C one where gcc and OpenSSL's headers are installed)
 * complete messages against them: the harness's correctness, no timing asserted.
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

    @ParameterizedTest
    @ValueSource(strings = {"jevent-tls", "netty-tls"})
    void theOpenSslLoadCompletesCheckedMessagesAgainstEveryTlsServer(String kind) throws Exception {
        SelfSignedCertificate.generate(TlsEchoSetup.SERVER_NAME, "127.0.0.1").writeTo(dir);
        Path binary = dir.resolve("tls-load");
        assumeTrue(built(binary), "needs gcc and OpenSSL's headers (libssl-dev) to build tls-load.c");
        try (EchoServer server = ServerMain.create(kind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.toString())) {
            server.start();
            // 16 KiB messages, four connections, two in flight on each: records split across reads
            // and writes; the load exits non-zero on any byte that comes back wrong.
            Ran load = run(List.of(binary.toString(), "127.0.0.1", Integer.toString(server.address().getPort()), "4",
                    "2", Integer.toString(16 * 1024), "200", "500", TlsEchoSetup.cert(dir).toString(),
                    TlsEchoSetup.SERVER_NAME));
            assertThat(load.exitValue()).as(load.output()).isZero();
            assertThat(load.output()).contains("window").containsPattern("result messages=[1-9][0-9]* ");
        }
    }

    private record Ran(int exitValue, String output) {
    }

    /** Builds tls-load.c as run-tls.sh does; false where gcc or OpenSSL's headers are missing. */
    private static boolean built(Path binary) throws Exception {
        try {
            return run(List.of("gcc", "-O2", "-o", binary.toString(), "src/main/c/tls-load.c", "-lssl", "-lcrypto"))
                    .exitValue() == 0;
        } catch (java.io.IOException noCompiler) {
            return false;
        }
    }

    /** Runs a command to its end (at most a minute), its output and errors together. */
    private static Ran run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not end within a minute");
        }
        return new Ran(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
