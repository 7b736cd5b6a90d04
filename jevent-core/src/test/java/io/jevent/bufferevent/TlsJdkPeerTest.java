package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS BufferEvents against the JDK's blocking SSLSocket and SSLServerSocket, run on a thread. */
class TlsJdkPeerTest {
    private EventBase base;

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    /**
     * Runs {@code body} on a thread of its own, and wakes the loop when it ends, so that a loop
     * waiting for that sees it; {@link #await} rethrows what it threw.
     */
    private CompletableFuture<String> onThread(java.util.concurrent.Callable<String> body) {
        CompletableFuture<String> result = new CompletableFuture<>();
        // An active event ends the loop's LOOP_ONCE round; a task given to execute() would not.
        io.jevent.Event wake = base.newEvent(null, 0, (ev, what) -> { });
        Thread t = new Thread(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            } finally {
                try {
                    wake.activate(0);
                } catch (RuntimeException closed) {
                    // The test is over, and its base closed.
                }
            }
        }, "jdk-tls-peer");
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static String await(CompletableFuture<String> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aJeventClientTalksToAJdkServerAndSeesItsCloseNotifyAsEndOfStream(String protocol) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) TestTls.SERVER.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<String> peer = onThread(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    String line = in.readLine();
                    OutputStream out = s.getOutputStream();
                    out.write((line.toUpperCase(Locale.ROOT) + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return s.getSession().getProtocol();
                }
            });
            TlsBufferEvent client = BufferEvent.tlsSocket(base, null, TestTls.clientEngine(), TlsState.CONNECTING,
                    BevOption.CLOSE_ON_FREE);
            StringBuilder got = new StringBuilder();
            List<Integer> events = new ArrayList<>();
            client.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null, (b, what) -> {
                events.add(what);
                if ((what & BevEvent.CONNECTED) != 0) {
                    b.write(BufferEventContract.ascii("hello from jevent\n"));
                }
            });
            client.enable(Ev.READ | Ev.WRITE);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
            runUntil(base, () -> events.size() == 2);

            assertThat(await(peer)).isEqualTo(protocol);
            assertThat(got).hasToString("HELLO FROM JEVENT\n");
            assertThat(events).containsExactly(BevEvent.CONNECTED, BevEvent.READING | BevEvent.EOF);
            assertThat(client.tlsErrors()).isEmpty();
            client.close();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aJdkClientReadsEverythingAJeventServerSentThenACleanEndOfStream(boolean afterFlush) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            CompletableFuture<String> peer = onThread(() -> {
                try (SSLSocket s = (SSLSocket) TestTls.CLIENT.getSocketFactory().createSocket(
                        InetAddress.getLoopbackAddress(), port)) {
                    s.getOutputStream().write(BufferEventContract.ascii("ping\n"));
                    s.getOutputStream().flush();
                    InputStream in = s.getInputStream();
                    StringBuilder got = new StringBuilder();
                    int c;
                    // read() returns -1 only on close_notify: a connection closed without it throws.
                    while ((c = in.read()) != -1) {
                        got.append((char) c);
                    }
                    return got.toString();
                }
            });
            TlsBufferEvent server = BufferEvent.tlsSocket(base, listener.accept(), TestTls.serverEngine(),
                    TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE);
            boolean[] replied = new boolean[1];
            server.setCallbacks(b -> {
                String line = BufferEventContract.drainText(b.input());
                if (line.equals("ping\n") && !replied[0]) {
                    replied[0] = true;
                    b.write(BufferEventContract.ascii("pong\n"));
                    if (afterFlush) {
                        b.closeAfterFlush();
                    }
                }
            }, b -> {
                if (replied[0] && !afterFlush) {
                    // Everything was wrapped and handed to the socket: close() sends close_notify.
                    b.close();
                }
            }, null);
            server.enable(Ev.READ | Ev.WRITE);
            // closeAfterFlush ends once the peer has closed too.
            runUntil(base, () -> peer.isDone() && server.isClosed());

            assertThat(await(peer)).isEqualTo("pong\n");
        }
    }

    /**
     * {@code startHandshake()} on an established session renegotiates under TLS 1.2 and sends a
     * KeyUpdate under TLS 1.3: either way the engine handles the messages while reading, and the
     * data goes on.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aJdkServerThatRenegotiatesOrUpdatesItsKeysIsAnsweredAndDataFlowsOn(String protocol) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) TestTls.SERVER.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<String> peer = onThread(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    String first = in.readLine();
                    s.startHandshake();
                    s.getOutputStream().write(BufferEventContract.ascii("after renegotiation\n"));
                    s.getOutputStream().flush();
                    String second = in.readLine();
                    return first + "," + second;
                }
            });
            TlsBufferEvent client = BufferEvent.tlsSocket(base, null, TestTls.clientEngine(), TlsState.CONNECTING,
                    BevOption.CLOSE_ON_FREE);
            StringBuilder got = new StringBuilder();
            List<Integer> events = new ArrayList<>();
            client.setCallbacks(b -> {
                got.append(BufferEventContract.drainText(b.input()));
                if (got.toString().endsWith("\n")) {
                    b.write(BufferEventContract.ascii("two\n"));
                }
            }, null, (b, what) -> {
                events.add(what);
                if ((what & BevEvent.CONNECTED) != 0) {
                    b.write(BufferEventContract.ascii("one\n"));
                }
            });
            client.enable(Ev.READ | Ev.WRITE);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
            runUntil(base, peer::isDone);

            assertThat(await(peer)).isEqualTo("one,two");
            assertThat(client.engine().getSession().getProtocol()).isEqualTo(protocol);
            assertThat(got).hasToString("after renegotiation\n");
            assertThat(events).startsWith(BevEvent.CONNECTED).doesNotContain(BevEvent.READING | BevEvent.ERROR);
            client.close();
        }
    }

    @Test
    void aJdkServerThatClosesItsSocketWithoutCloseNotifyIsADirtyShutdown() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> peer = onThread(() -> {
                try (Socket raw = listener.accept();
                        SSLSocket s = (SSLSocket) TestTls.SERVER.getSocketFactory().createSocket(raw, null, false)) {
                    s.setUseClientMode(false);
                    s.getOutputStream().write(BufferEventContract.ascii("cut"));
                    s.getOutputStream().flush();
                    // The TCP connection ends; the TLS session never says so.
                    raw.shutdownOutput();
                    raw.getInputStream().read();
                    return "done";
                }
            });
            TlsBufferEvent client = BufferEvent.tlsSocket(base, null, TestTls.clientEngine(), TlsState.CONNECTING,
                    BevOption.CLOSE_ON_FREE);
            StringBuilder got = new StringBuilder();
            List<Integer> events = new ArrayList<>();
            client.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null,
                    (b, what) -> events.add(what));
            client.enable(Ev.READ | Ev.WRITE);
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
            runUntil(base, () -> events.size() == 2);

            assertThat(got).hasToString("cut");
            assertThat(events).containsExactly(BevEvent.CONNECTED, BevEvent.READING | BevEvent.ERROR);
            assertThat(client.tlsErrors()).hasSize(1);
            client.close();
            assertThat(await(peer)).isEqualTo("done");
        }
    }
}
