package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.listener.ConnListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bursts of connects while the server is busy: the server process is frozen (SIGSTOP) while a
 * burst of clients connects, so that every one of them must wait in the listen queue, then thawed
 * (SIGCONT). With the default backlog, the system's maximum, none is dropped or reset, from the
 * first burst on a cold JVM to the last.
 */
class BurstConnectTest {
    private static final int BURST = 200;
    private static final int BURSTS = 5;

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void packJar() throws IOException {
        jar = ExampleProcess.jar(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rot13", "rot13-events", "rot13-selector", "rot13-threads"})
    void everyClientOfEveryBurstIsAnswered(String name) throws Exception {
        // Linux queues one more than the backlog; a system whose maximum is lower than the burst
        // gets a burst it can hold (it is still more than libevent's 128 wherever somaxconn is).
        int burst = Math.min(BURST, ConnListener.defaultBacklog());
        int answered = 0;
        try (ExampleProcess server = ExampleProcess.start(jar, 0, name, "--port", "0")) {
            InetSocketAddress address = server.address();
            for (int round = 0; round < BURSTS; round++) {
                List<SocketChannel> clients = new ArrayList<>();
                server.signal("STOP");
                try {
                    connectAll(address, burst, clients);
                } finally {
                    server.signal("CONT");
                }
                try {
                    answered += exchangeAll(clients, round);
                } finally {
                    for (SocketChannel c : clients) {
                        c.close();
                    }
                }
            }
            assertThat(answered).isEqualTo(BURSTS * burst);
            assertThat(server.stop()).isZero();
        }
    }

    /** Connects {@code n} clients at once; all must connect while the server cannot accept. */
    private static void connectAll(InetSocketAddress address, int n, List<SocketChannel> clients) throws IOException {
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < n; i++) {
                SocketChannel c = SocketChannel.open();
                clients.add(c);
                c.configureBlocking(false);
                if (!c.connect(address)) {
                    c.register(selector, SelectionKey.OP_CONNECT);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!selector.keys().isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                assertThat(left).as("%d of %d connects still waiting: the listen queue overflowed",
                        selector.keys().size(), n).isPositive();
                selector.select(left);
                for (SelectionKey key : selector.selectedKeys()) {
                    ((SocketChannel) key.channel()).finishConnect();   // a reset would throw here
                    key.cancel();
                }
                selector.selectedKeys().clear();
                selector.selectNow();   // let the cancelled keys go
            }
        }
    }

    /** Each client sends its line and ends its side; every answer must come back whole. */
    private static int exchangeAll(List<SocketChannel> clients, int round) throws IOException {
        for (int i = 0; i < clients.size(); i++) {
            SocketChannel c = clients.get(i);
            c.configureBlocking(true);
            c.write(ByteBuffer.wrap(("burst " + round + " client " + i + "\n").getBytes(StandardCharsets.US_ASCII)));
            c.shutdownOutput();
        }
        int answered = 0;
        for (int i = 0; i < clients.size(); i++) {
            SocketChannel c = clients.get(i);
            c.socket().setSoTimeout(30_000);
            InputStream in = c.socket().getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo("ohefg " + round + " pyvrag " + i + "\n");
            answered++;
        }
        return answered;
    }
}
