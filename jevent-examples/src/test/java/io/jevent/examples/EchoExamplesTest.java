package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code echo} (BufferEvents) and {@code echo-events} (raw events) against real clients. */
class EchoExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"echo", "echo-events"})
    void aThousandConcurrentClientsEachGetTheirOwnBytesBack(String name) throws Exception {
        ExampleRunner server = ExampleRunner.start(name, "--port", "0");
        InetSocketAddress address = server.address();
        assertThat(server.awaitFirstLine()).isEqualTo(name + ": listening on 127.0.0.1:" + address.getPort());
        Random random = new Random(1);
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] noise = new byte[random.nextInt(2048)];
            random.nextBytes(noise);
            requests.add(concat(("client " + i + "\n").getBytes(StandardCharsets.US_ASCII), noise));
        }
        List<byte[]> answers = Clients.exchange(address, requests, Duration.ofSeconds(40));
        for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.get(i)).as("client %d", i).isEqualTo(requests.get(i));
        }
        assertThat(server.stop()).isZero();
        assertThat(server.output()).endsWith(name + ": stopped by request\n");
        assertThat(server.err()).isEmpty();
        Ports.assertReleased(address);
    }

    @ParameterizedTest(name = "--spread {0}")
    @ValueSource(strings = {"handoff", "reuseport"})
    void onFourLoopsAThousandConcurrentClientsEachGetTheirOwnBytesBack(String spread) throws Exception {
        ExampleRunner server = ExampleRunner.start("echo", "--port", "0", "--loops", "4", "--spread", spread);
        InetSocketAddress address = server.address();
        assertThat(server.awaitFirstLine()).isEqualTo("echo: listening on 127.0.0.1:" + address.getPort());
        Random random = new Random(3);
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] noise = new byte[random.nextInt(8192)];
            random.nextBytes(noise);
            requests.add(concat(("client " + i + "\n").getBytes(StandardCharsets.US_ASCII), noise));
        }
        List<byte[]> answers = Clients.exchange(address, requests, Duration.ofSeconds(40));
        for (int i = 0; i < requests.size(); i++) {
            assertThat(answers.get(i)).as("client %d", i).isEqualTo(requests.get(i));
        }
        assertThat(server.stop()).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(server.output()).contains("echo: loop " + i + ": every connection finished in ");
        }
        assertThat(server.output()).endsWith("echo: stopped by request\n");
        assertThat(server.err()).isEmpty();
        Ports.assertReleased(address);
    }

    @Test
    void aBadLoopsOrSpreadIsAUsageError() throws Exception {
        ExampleRunner loops = ExampleRunner.start("echo", "--port", "0", "--loops", "0");
        assertThat(loops.awaitExit()).isEqualTo(2);
        assertThat(loops.err()).contains("--loops must be 1..256: 0");
        ExampleRunner spread = ExampleRunner.start("echo", "--port", "0", "--loops", "2", "--spread", "kernel");
        assertThat(spread.awaitExit()).isEqualTo(2);
        assertThat(spread.err()).contains("--spread must be handoff or reuseport: kernel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "echo-events"})
    void tenMebibytesComeBackWithTheSameChecksum(String name) throws Exception {
        ExampleRunner server = ExampleRunner.start(name, "--port", "0");
        byte[] data = new byte[10 << 20];
        new Random(2).nextBytes(data);
        byte[] echoed = Clients.exchange(server.address(), List.of(data), Duration.ofSeconds(40)).get(0);
        assertThat(echoed.length).isEqualTo(data.length);
        assertThat(crc(echoed)).isEqualTo(crc(data));
        assertThat(server.stop()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "echo-events"})
    void aClientThatResetsItsConnectionIsReportedAndTheServerGoesOn(String name) throws Exception {
        ExampleRunner server = ExampleRunner.start(name, "--port", "0");
        InetSocketAddress address = server.address();
        try (SocketChannel rude = SocketChannel.open(address)) {
            // One exchange first, so that the server has accepted the connection and is reading.
            rude.write(ByteBuffer.wrap(new byte[] {'x'}));
            assertThat(rude.read(ByteBuffer.allocate(1))).isEqualTo(1);
            // Closing without linger makes the kernel send RST instead of FIN.
            rude.setOption(StandardSocketOptions.SO_LINGER, 0);
        }
        server.awaitErr("reset");
        byte[] polite = "still here\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Clients.exchange(address, List.of(polite), Duration.ofSeconds(20)).get(0)).isEqualTo(polite);
        assertThat(server.stop()).isZero();
        assertThat(server.err()).matches(name + ": 127\\.0\\.0\\.1:\\d+: Connection reset.*\\R");
    }

    @Test
    void bindsTheAddressGivenWithBindIpv6Too() throws Exception {
        ExampleRunner server = ExampleRunner.start("echo", "--bind", "::1", "--port", "0");
        InetSocketAddress address = server.address();
        assertThat(server.awaitFirstLine()).isEqualTo("echo: listening on [::1]:" + address.getPort());
        byte[] hello = "hello over IPv6\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Clients.exchange(address, List.of(hello), Duration.ofSeconds(10)).get(0)).isEqualTo(hello);
        assertThat(server.stop()).isZero();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
