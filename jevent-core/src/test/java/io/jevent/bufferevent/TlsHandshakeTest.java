package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How TLS BufferEvents handshake, and how a handshake fails. */
class TlsHandshakeTest {
    private EventBase base;

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    /** What one end's event callback was told. */
    static final class Events {
        final List<Integer> seen = new ArrayList<>();

        BevEventCallback callback() {
            return (b, what) -> seen.add(what);
        }

        boolean any() {
            return !seen.isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void aClientThatConnectsLaterHandshakesWithAServerAndBothReportConnectedOnce(String protocol) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TlsBufferEvent client = BufferEvent.tlsSocket(base, null, TestTls.clientEngine(protocol),
                    TlsState.CONNECTING, BevOption.CLOSE_ON_FREE);
            Events clientEvents = new Events();
            StringBuilder got = new StringBuilder();
            client.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null,
                    clientEvents.callback());
            client.enable(Ev.READ | Ev.WRITE);
            client.write("written before the handshake".getBytes(StandardCharsets.US_ASCII));
            client.connect(listener.getLocalAddress(), Duration.ofSeconds(10));
            SocketChannel accepted = listener.accept();
            TlsBufferEvent server = BufferEvent.tlsSocket(base, accepted, TestTls.serverEngine(protocol),
                    TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE);
            Events serverEvents = new Events();
            server.setCallbacks(b -> b.output().addBuffer(b.input()), null, serverEvents.callback());
            server.enable(Ev.READ | Ev.WRITE);

            runUntil(base, () -> got.length() == 28);
            assertThat(got).hasToString("written before the handshake");
            assertThat(clientEvents.seen).containsExactly(BevEvent.CONNECTED);
            assertThat(serverEvents.seen).containsExactly(BevEvent.CONNECTED);
            assertThat(client.engine().getSession().getProtocol()).isEqualTo(protocol);
            assertThat(server.engine().getSession().getProtocol()).isEqualTo(protocol);
            assertThat(client.tlsErrors()).isEmpty();
            assertThat(client.isSocket()).isTrue();
            client.close();
            server.close();
        }
    }

    @Test
    void aServerCertificateTheClientDoesNotTrustFailsTheHandshakeOnBothSides() throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left,
                TestTls.clientEngine(TestTls.CLIENT_TRUSTING_OTHER), TlsState.CONNECTING, BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        Events clientEvents = new Events();
        Events serverEvents = new Events();
        client.setCallbacks(null, null, clientEvents.callback());
        server.setCallbacks(null, null, serverEvents.callback());
        runUntil(base, () -> clientEvents.any() && serverEvents.any());

        assertThat(clientEvents.seen).containsExactly(BevEvent.READING | BevEvent.WRITING | BevEvent.ERROR);
        assertThat(client.tlsErrors()).hasSize(1).first().isInstanceOf(SSLHandshakeException.class);
        assertThat(client.lastError()).isSameAs(client.tlsErrors().get(0));
        // The client's alert tells the server why.
        assertThat(serverEvents.seen).containsExactly(BevEvent.READING | BevEvent.WRITING | BevEvent.ERROR);
        assertThat(server.tlsErrors()).isNotEmpty();
        assertThat(server.lastError()).isInstanceOf(SSLException.class);
        client.close();
        server.close();
    }

    @Test
    void garbageInsteadOfAClientHelloIsAnErrorWithTheCause() throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        Events events = new Events();
        server.setCallbacks(null, null, events.callback());
        SocketPair.write(pair.left, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        runUntil(base, events::any);

        assertThat(events.seen).containsExactly(BevEvent.READING | BevEvent.WRITING | BevEvent.ERROR);
        assertThat(server.tlsErrors()).hasSize(1);
        assertThat(server.lastError()).isSameAs(server.tlsErrors().get(0)).isInstanceOf(SSLException.class);
        server.close();
        pair.left.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aClientThatDiesMidHandshakeEndsTheServersHandshakeWithoutHanging(boolean dirtyAllowed) throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        server.allowDirtyShutdown(dirtyAllowed);
        Events events = new Events();
        server.setCallbacks(null, null, events.callback());
        // Half of a real ClientHello, then the client is gone.
        ByteBuffer hello = clientHello();
        hello.limit(hello.limit() / 2);
        while (hello.hasRemaining()) {
            pair.left.write(hello);
        }
        pair.left.close();
        runUntil(base, events::any);

        int end = dirtyAllowed ? BevEvent.EOF : BevEvent.ERROR;
        assertThat(events.seen).containsExactly(BevEvent.READING | BevEvent.WRITING | end);
        if (!dirtyAllowed) {
            assertThat(server.tlsErrors()).hasSize(1);
            assertThat(server.lastError()).isInstanceOf(SSLException.class);
        }
        server.close();
    }

    private static ByteBuffer clientHello() throws SSLException {
        SSLEngine engine = TestTls.clientEngine();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), out);
        assertThat(r.bytesProduced()).isPositive();
        return out.flip();
    }

    @Test
    void theServerSeesTheNameTheClientAskedForThroughSni() throws Exception {
        SSLEngine clientEngine = TestTls.CLIENT.createSSLEngine("localhost", 443);
        SSLParameters cp = clientEngine.getSSLParameters();
        cp.setServerNames(List.of(new SNIHostName("www.jevent.test")));
        clientEngine.setSSLParameters(cp);
        SSLEngine serverEngine = TestTls.serverEngine();
        SSLParameters sp = serverEngine.getSSLParameters();
        sp.setSNIMatchers(List.of(SNIHostName.createSNIMatcher("www\\.jevent\\.test")));
        serverEngine.setSSLParameters(sp);
        TlsBufferEvent[] ends = handshaken(clientEngine, serverEngine);

        List<SNIServerName> names = ((ExtendedSSLSession) ends[1].engine().getSession()).getRequestedServerNames();
        assertThat(names).containsExactly(new SNIHostName("www.jevent.test"));
    }

    @Test
    void bothSidesAgreeOnAnApplicationProtocolThroughAlpn() throws Exception {
        SSLEngine clientEngine = TestTls.clientEngine();
        SSLParameters cp = clientEngine.getSSLParameters();
        cp.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        clientEngine.setSSLParameters(cp);
        SSLEngine serverEngine = TestTls.serverEngine();
        SSLParameters sp = serverEngine.getSSLParameters();
        sp.setApplicationProtocols(new String[] {"http/1.1"});
        serverEngine.setSSLParameters(sp);
        TlsBufferEvent[] ends = handshaken(clientEngine, serverEngine);

        assertThat(ends[0].engine().getApplicationProtocol()).isEqualTo("http/1.1");
        assertThat(ends[1].engine().getApplicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void delegatedTasksRunOnTheGivenExecutorAndTheHandshakeGoesOnFromTheLoop() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger tasks = new AtomicInteger();
            List<String> loopThreads = new ArrayList<>();
            SocketPair pair = SocketPair.open();
            TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(),
                    TlsState.CONNECTING, BevOption.CLOSE_ON_FREE);
            TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(),
                    TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE);
            java.util.concurrent.Executor counting = task -> pool.execute(() -> {
                tasks.incrementAndGet();
                task.run();
            });
            client.setDelegatedTaskExecutor(counting);
            server.setDelegatedTaskExecutor(counting);
            Events clientEvents = new Events();
            Events serverEvents = new Events();
            client.setCallbacks(null, null, (b, what) -> {
                loopThreads.add(Thread.currentThread().getName());
                clientEvents.seen.add(what);
            });
            server.setCallbacks(null, null, serverEvents.callback());
            runUntil(base, () -> clientEvents.any() && serverEvents.any());

            assertThat(clientEvents.seen).containsExactly(BevEvent.CONNECTED);
            assertThat(serverEvents.seen).containsExactly(BevEvent.CONNECTED);
            assertThat(tasks.get()).isPositive();
            assertThat(loopThreads).containsExactly(Thread.currentThread().getName());
            client.close();
            server.close();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aHandshakeThatStallsEndsWithTheConnectTimeout() throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TlsBufferEvent client = BufferEvent.tlsSocket(base, null, TestTls.clientEngine(), TlsState.CONNECTING,
                    BevOption.CLOSE_ON_FREE);
            Events events = new Events();
            client.setCallbacks(null, null, events.callback());
            client.connect(silent.getLocalAddress(), Duration.ofMillis(200));
            // The kernel completes the TCP connect; nobody ever answers the ClientHello.
            runUntil(base, events::any);

            assertThat(events.seen).containsExactly(BevEvent.WRITING | BevEvent.TIMEOUT);
            assertThat(client.lastError()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("TLS handshake");
            client.close();
        }
    }

    @Test
    void aTlsFilterRefusesToConnectAndNamesWhatToDoInstead() throws Exception {
        SocketBufferEvent socket = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
        TlsBufferEvent tls = BufferEvent.tlsFilter(socket, TestTls.clientEngine(), TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        assertThat(tls.isSocket()).isFalse();
        assertThat(tls.underlying()).isSameAs(socket);
        assertThatThrownBy(() -> tls.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("underlying()")
                .hasMessageContaining("tlsSocket");
        tls.close();
        assertThat(socket.isClosed()).isTrue();
    }

    @Test
    void anEngineWhoseHandshakeBeganIsRefusedUnlessTheStateIsOpen() throws Exception {
        SSLEngine engine = TestTls.clientEngine();
        engine.beginHandshake();
        assertThatThrownBy(() -> BufferEvent.tlsSocket(base, null, engine, TlsState.ACCEPTING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TlsState.OPEN");
    }

    @Test
    void aTlsFilterOverAPlainSocketConnectsThroughItsUnderlyingAndReportsConnectedAfterTheHandshake()
            throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketBufferEvent socket = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            TlsBufferEvent client = BufferEvent.tlsFilter(socket, TestTls.clientEngine(), TlsState.CONNECTING,
                    BevOption.CLOSE_ON_FREE);
            Events clientEvents = new Events();
            client.setCallbacks(null, null, clientEvents.callback());
            socket.connect(listener.getLocalAddress());
            TlsBufferEvent server = BufferEvent.tlsSocket(base, listener.accept(), TestTls.serverEngine(),
                    TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE);
            Events serverEvents = new Events();
            server.setCallbacks(null, null, serverEvents.callback());
            runUntil(base, () -> clientEvents.any() && serverEvents.any());
            assertThat(clientEvents.seen).containsExactly(BevEvent.CONNECTED);
            client.close();
            server.close();
        }
    }

    @Test
    void enginesHandedOverOpenHandshakeWhenFirstUsedAndReportNoConnected() throws Exception {
        SocketPair pair = SocketPair.open();
        // The user set the modes: OPEN leaves them as they are.
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.OPEN,
                BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.OPEN,
                BevOption.CLOSE_ON_FREE);
        Events clientEvents = new Events();
        Events serverEvents = new Events();
        StringBuilder got = new StringBuilder();
        client.setCallbacks(null, null, clientEvents.callback());
        server.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null, serverEvents.callback());
        server.enable(Ev.READ);
        client.write(BufferEventContract.ascii("no CONNECTED for OPEN"));
        runUntil(base, () -> got.length() == 21);

        assertThat(got).hasToString("no CONNECTED for OPEN");
        assertThat(clientEvents.seen).isEmpty();
        assertThat(serverEvents.seen).isEmpty();
        assertThat(client.tlsState()).isEqualTo(TlsState.OPEN);
        client.close();
        server.close();
    }

    @Test
    void contextsFromTlsContextsAndASelfSignedCertificateCarryATlsSocket() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
        TlsBufferEvent[] ends = handshaken(TestTls.clientEngine(TlsContexts.client(cert)),
                TlsContexts.server(cert).createSSLEngine());
        StringBuilder got = new StringBuilder();
        ends[1].setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null, null);
        ends[1].enable(Ev.READ);
        ends[0].write(BufferEventContract.ascii("self-signed"));
        runUntil(base, () -> got.length() == 11);
        assertThat(got).hasToString("self-signed");
        ends[0].close();
        ends[1].close();
    }

    private TlsBufferEvent[] handshaken(SSLEngine clientEngine, SSLEngine serverEngine) throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, clientEngine, TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, serverEngine, TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        TestTls.handshake(base, client, server);
        return new TlsBufferEvent[] {client, server};
    }
}
