package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data through TLS BufferEvents, and how their connections end. */
class TlsTransferTest {
    private EventBase base;

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeBase() {
        base.close();
    }

    /** One direction of a transfer: feeds {@code total} random bytes and checks what arrives. */
    private static final class Stream {
        final CRC32 sent = new CRC32();
        final CRC32 received = new CRC32();
        final Random random;
        final byte[] block = new byte[48 * 1024 + 7];
        final long total;
        long written;
        long got;

        Stream(long total, long seed) {
            this.total = total;
            this.random = new Random(seed);
        }

        void feed(BufferEvent to) {
            while (written < total && to.output().length() < 256 * 1024) {
                int n = (int) Math.min(block.length, total - written);
                random.nextBytes(block);
                sent.update(block, 0, n);
                to.write(block, 0, n);
                written += n;
            }
        }

        void take(BufferEvent from) {
            byte[] chunk = new byte[(int) from.input().length()];
            from.input().remove(chunk);
            received.update(chunk);
            got += chunk.length;
        }

        boolean done() {
            return got == total;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void tenMebibytesCrossInBothDirectionsAtOnceIntact(String protocol) throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(protocol),
                TlsState.CONNECTING, BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(protocol),
                TlsState.ACCEPTING, BevOption.CLOSE_ON_FREE);
        TestTls.handshake(base, client, server);
        long total = 10L * 1024 * 1024;
        Stream up = new Stream(total, 1);
        Stream down = new Stream(total, 2);
        List<String> errors = new ArrayList<>();
        client.setWatermark(Ev.WRITE, 64 * 1024, 0);
        server.setWatermark(Ev.WRITE, 64 * 1024, 0);
        client.setCallbacks(down::take, up::feed, (b, what) -> errors.add("client " + BevEvent.toString(what)));
        server.setCallbacks(up::take, down::feed, (b, what) -> errors.add("server " + BevEvent.toString(what)));
        client.enable(Ev.READ | Ev.WRITE);
        server.enable(Ev.READ | Ev.WRITE);
        up.feed(client);
        down.feed(server);
        runUntil(base, () -> up.done() && down.done() || !errors.isEmpty());

        assertThat(errors).isEmpty();
        assertThat(up.received.getValue()).isEqualTo(up.sent.getValue());
        assertThat(down.received.getValue()).isEqualTo(down.sent.getValue());
        assertThat(client.bytesWritten()).isEqualTo(total);
        assertThat(server.bytesRead()).isEqualTo(total);
        assertThat(client.engine().getSession().getProtocol()).isEqualTo(protocol);
        client.close();
        server.close();
    }

    /**
     * A server whose socket closes under its TLS layer: the client sees the connection end without
     * close_notify.
     */
    private TlsBufferEvent dirtyClose(boolean allow, List<Integer> events, StringBuilder got) throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        SocketBufferEvent serverSocket = BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsFilter(serverSocket, TestTls.serverEngine(), TlsState.ACCEPTING);
        TestTls.handshake(base, client, server);
        client.allowDirtyShutdown(allow);
        assertThat(client.isDirtyShutdownAllowed()).isEqualTo(allow);
        client.setCallbacks(b -> got.append(BufferEventContract.drainText(b.input())), null,
                (b, what) -> events.add(what));
        client.enable(Ev.READ);
        server.write(BufferEventContract.ascii("last words"));
        runUntil(base, () -> got.length() == 10);
        serverSocket.close();
        runUntil(base, () -> !events.isEmpty());
        return client;
    }

    @Test
    void aPeerThatClosesWithoutCloseNotifyIsAnErrorByDefault() throws Exception {
        List<Integer> events = new ArrayList<>();
        StringBuilder got = new StringBuilder();
        TlsBufferEvent client = dirtyClose(false, events, got);

        assertThat(got).hasToString("last words");
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.ERROR);
        assertThat(client.tlsErrors()).hasSize(1);
        assertThat(client.lastError()).isSameAs(client.tlsErrors().get(0)).isInstanceOf(SSLException.class);
        client.close();
    }

    @Test
    void aPeerThatClosesWithoutCloseNotifyIsEndOfStreamWhenDirtyShutdownIsAllowed() throws Exception {
        List<Integer> events = new ArrayList<>();
        StringBuilder got = new StringBuilder();
        TlsBufferEvent client = dirtyClose(true, events, got);

        assertThat(got).hasToString("last words");
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        assertThat(client.tlsErrors()).isEmpty();
        client.close();
    }

    @Test
    void closeNotifyIsACleanEndOfStreamAndEveryByteBeforeItArrives() throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        TestTls.handshake(base, client, server);
        List<Integer> events = new ArrayList<>();
        long[] got = new long[1];
        // A reader that pauses at its high watermark: EOF waits until it has taken everything.
        client.setWatermark(Ev.READ, 0, 4096);
        client.setCallbacks(b -> {
        }, null, (b, what) -> events.add(what));
        client.enable(Ev.READ);
        server.write(new byte[100_000]);
        server.closeAfterFlush();
        runUntil(base, () -> client.input().length() == 4096);
        assertThat(events).isEmpty();
        client.setCallbacks(b -> got[0] += b.input().drain(b.input().length()), null, (b, what) -> events.add(what));
        got[0] += client.input().drain(client.input().length());
        runUntil(base, () -> !events.isEmpty());

        assertThat(got[0]).isEqualTo(100_000);
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        assertThat(client.tlsErrors()).isEmpty();
        client.close();
    }

    @Test
    void aFinishingFlushSendsCloseNotifyAndKeepsReading() throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        TestTls.handshake(base, client, server);
        List<Integer> serverEvents = new ArrayList<>();
        StringBuilder serverGot = new StringBuilder();
        StringBuilder clientGot = new StringBuilder();
        server.setCallbacks(b -> serverGot.append(BufferEventContract.drainText(b.input())), null,
                (b, what) -> serverEvents.add(what));
        server.enable(Ev.READ | Ev.WRITE);
        client.setCallbacks(b -> clientGot.append(BufferEventContract.drainText(b.input())), null, null);
        client.enable(Ev.READ | Ev.WRITE);
        client.write(BufferEventContract.ascii("request"));
        client.flush(Ev.WRITE, BevFlush.FINISHED);
        runUntil(base, () -> !serverEvents.isEmpty());
        assertThat(serverGot).hasToString("request");
        assertThat(serverEvents).containsExactly(BevEvent.READING | BevEvent.EOF);
        // TLS 1.3 closes one direction at a time: the answer still reaches the client.
        server.write(BufferEventContract.ascii("response"));
        runUntil(base, () -> clientGot.length() == 8);
        assertThat(clientGot).hasToString("response");
        client.close();
        server.close();
    }

    @Test
    void aFinishingFlushInsideTheReadCallbackSendsCloseNotifyAfterTheAnswer() throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        TestTls.handshake(base, client, server);
        server.setCallbacks(b -> {
            b.input().drain(b.input().length());
            b.write(new byte[50_000]);
            b.flush(Ev.WRITE, BevFlush.FINISHED);
        }, null, null);
        server.enable(Ev.READ | Ev.WRITE);
        List<Integer> events = new ArrayList<>();
        long[] got = new long[1];
        client.setCallbacks(b -> got[0] += b.input().drain(b.input().length()), null, (b, what) -> events.add(what));
        client.enable(Ev.READ | Ev.WRITE);
        client.write(BufferEventContract.ascii("request"));
        runUntil(base, () -> !events.isEmpty());

        assertThat(got[0]).isEqualTo(50_000);
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        client.close();
        server.close();
    }

    @Test
    void aTlsSocketsRateLimitLimitsItsSocket() throws Exception {
        SocketPair pair = SocketPair.open();
        TlsBufferEvent client = BufferEvent.tlsSocket(base, pair.left, TestTls.clientEngine(), TlsState.CONNECTING,
                BevOption.CLOSE_ON_FREE);
        TlsBufferEvent server = BufferEvent.tlsSocket(base, pair.right, TestTls.serverEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
        // A tick far longer than the test: a tick boundary between the last read and the check
        // below would fill the bucket again (a busy machine easily lets 10 ms pass there).
        RateLimit limit = RateLimit.of(1 << 20, 1 << 20, 1 << 20, 1 << 20, Duration.ofHours(1));
        server.setRateLimit(limit);
        assertThat(server.rateLimit()).isSameAs(limit);
        assertThat(server.underlying().rateLimit()).isSameAs(limit);
        TestTls.handshake(base, client, server);
        long[] got = new long[1];
        server.setCallbacks(b -> got[0] += b.input().drain(b.input().length()), null, null);
        server.enable(Ev.READ);
        client.write(new byte[200_000]);
        runUntil(base, () -> got[0] == 200_000);
        // The socket's bucket paid for the ciphertext, which is more than the plaintext.
        assertThat(server.readLimit()).isLessThan(1 << 20);
        server.setRateLimit(null);
        assertThat(server.underlying().rateLimit()).isNull();
        client.close();
        server.close();
    }

    @Test
    void aTlsFilterRefusesARateLimitAndNamesItsUnderlying() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        TlsBufferEvent tls = BufferEvent.tlsFilter(ends[0], TestTls.clientEngine(), TlsState.CONNECTING);
        RateLimit limit = RateLimit.of(1000, 1000, 1000, 1000, Duration.ofMillis(10));
        assertThatThrownBy(() -> tls.setRateLimit(limit)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("underlying()");
        tls.close();
        ends[1].close();
    }
}
