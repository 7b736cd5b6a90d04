package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connect article's client: started before its server exists, it backs off, connects, and reconnects. */
class ConnectExampleTest {

    @Test
    void backsOffWhileTheServerIsDownConnectsWhenItComesAndReconnectsAfterItCloses() throws Exception {
        int port = Ports.free();
        ExampleRunner client = ExampleRunner.start("connect", "127.0.0.1", String.valueOf(port));
        assertThat(client.awaitFirstLine()).isEqualTo("connect: connecting to 127.0.0.1:" + port);
        client.awaitLine("retrying in 400 ms");
        List<String> failures = client.output().lines().filter(l -> l.startsWith("connect: event")).toList();
        assertThat(failures).allMatch(l -> l.equals("connect: event ERROR (Connection refused)"));
        assertThat(client.output()).contains("connect: not connected; retrying in 100 ms\n");

        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            try (SocketChannel accepted = server.accept()) {
                client.awaitLine("connect: connected to 127.0.0.1:" + port);
                accepted.write(ByteBuffer.wrap("hello from the server\n".getBytes(StandardCharsets.US_ASCII)));
                client.awaitLine("connect: received 22 bytes: hello from the server");
            }
            client.awaitLine("connect: event READING|EOF");
            client.awaitLine("connect: disconnected; retrying in 100 ms");
            try (SocketChannel again = server.accept()) {
                client.awaitLine("connect: connected to 127.0.0.1:" + port, 2);
            }
        }
        assertThat(client.stop()).isZero();
        String output = client.output();
        assertThat(output).containsSubsequence(
                "connect: event ERROR (Connection refused)\nconnect: not connected; retrying in 100 ms\n",
                "connect: event ERROR (Connection refused)\nconnect: not connected; retrying in 200 ms\n",
                "connect: event ERROR (Connection refused)\nconnect: not connected; retrying in 400 ms\n",
                "connect: event CONNECTED\nconnect: connected to 127.0.0.1:" + port + "\n",
                "connect: event READING|EOF\nconnect: disconnected; retrying in 100 ms\n",
                "connect: event CONNECTED\n");
        assertThat(output).doesNotContain("CONNECTED|ERROR").endsWith("connect: stopped by request\n");
    }

    @Test
    void aNameThatDoesNotResolveIsAnErrorEventAndIsRetried() throws Exception {
        ExampleRunner client = ExampleRunner.start("connect", "no-such-host.invalid", "80");
        client.awaitLine("retrying in 100 ms");
        assertThat(client.output()).contains("connect: event ERROR (");
        assertThat(client.stop()).isZero();
    }
}
