package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.buffer.EolStyle;
import io.jevent.buffer.EvBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only a filter does; what every kind does is in {@link BufferEventContract}. */
class FilterBufferEventTest {
    private EventBase base;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void newBase() {
        base = new EventBase();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        base.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private SocketPair sockets() throws IOException {
        SocketPair pair = SocketPair.open();
        toClose.add(pair);
        return pair;
    }

    /** Passes on complete lines only: a partial line waits for the rest. */
    static final BevFilter LINES = (src, dst, limit, mode) -> {
        boolean any = false;
        while (src.readLine(EolStyle.LF, dst) >= 0) {
            dst.add(ascii("\n"));
            any = true;
        }
        if (mode == BevFlush.FINISHED && src.length() > 0) {
            dst.addBuffer(src);
            return BevFilterResult.OK;
        }
        return any ? BevFilterResult.OK : BevFilterResult.NEED_MORE;
    };

    /** Compresses with the JDK's Deflater: FLUSH makes a sync flush, FINISHED ends the stream. */
    static BevFilter deflating(Deflater deflater, long[] produced) {
        byte[] buf = new byte[16 * 1024];
        return (src, dst, limit, mode) -> {
            while (src.length() > 0) {
                byte[] chunk = new byte[(int) Math.min(src.length(), 64 * 1024)];
                src.remove(chunk);
                deflater.setInput(chunk);
                while (!deflater.needsInput()) {
                    int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
                    dst.add(buf, 0, n);
                    produced[0] += n;
                }
            }
            if (mode == BevFlush.FLUSH) {
                int n;
                do {
                    n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                    dst.add(buf, 0, n);
                    produced[0] += n;
                } while (n == buf.length);
            } else if (mode == BevFlush.FINISHED) {
                deflater.finish();
                while (!deflater.finished()) {
                    int n = deflater.deflate(buf);
                    dst.add(buf, 0, n);
                    produced[0] += n;
                }
            }
            return BevFilterResult.OK;
        };
    }

    /** Decompresses with the JDK's Inflater; corrupt data is an IOException with its cause. */
    static BevFilter inflating(Inflater inflater) {
        byte[] buf = new byte[64 * 1024];
        return (src, dst, limit, mode) -> {
            try {
                while (src.length() > 0 && !inflater.finished()) {
                    byte[] chunk = new byte[(int) Math.min(src.length(), 16 * 1024)];
                    src.remove(chunk);
                    inflater.setInput(chunk);
                    int n;
                    while ((n = inflater.inflate(buf)) > 0) {
                        dst.add(buf, 0, n);
                    }
                }
            } catch (DataFormatException e) {
                throw new IOException("corrupt deflate stream", e);
            }
            return BevFilterResult.OK;
        };
    }

    @Test
    void theUnderlyingIsTheBufferEventTheFilterWasMadeOver() throws IOException {
        SocketBufferEvent socket = BufferEvent.socket(base, sockets().left);
        FilterBufferEvent filter = BufferEvent.filter(socket, null, null);
        assertThat(filter.underlying()).isSameAs(socket);
        assertThat(socket.readCallback()).isNotNull();
        assertThat(socket.enabled()).isEqualTo(Ev.READ | Ev.WRITE);
        filter.close();
        socket.close();
    }

    @Test
    void aLineFramerDeliversWholeLinesOnly() throws Exception {
        SocketPair pair = sockets();
        FilterBufferEvent b = BufferEvent.filter(BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE),
                LINES, null, BevOption.CLOSE_ON_FREE);
        toClose.add(b);
        List<String> lines = new ArrayList<>();
        b.setCallbacks(x -> {
            String line;
            while ((line = x.input().readLine(EolStyle.LF, StandardCharsets.US_ASCII)) != null) {
                lines.add(line);
            }
            assertThat(x.input().length()).as("only whole lines reach the input").isZero();
        }, null, null);
        b.enable(Ev.READ);
        pair.left.write(ByteBuffer.wrap(ascii("one\ntw")));
        runUntil(base, () -> lines.size() == 1);
        assertThat(b.underlying().input().length()).isEqualTo(2);
        pair.left.write(ByteBuffer.wrap(ascii("o\nthree\n")));
        runUntil(base, () -> lines.size() == 3);
        assertThat(lines).containsExactly("one", "two", "three");
    }

    @Test
    void aDeflaterAndAnInflaterOverAPairCarryDataCompressed() {
        PairBufferEvent[] ends = BufferEvent.pair(base);
        long[] compressed = new long[1];
        Deflater deflater = new Deflater();
        Inflater inflater = new Inflater();
        FilterBufferEvent a = BufferEvent.filter(ends[0], null, deflating(deflater, compressed),
                BevOption.CLOSE_ON_FREE);
        FilterBufferEvent b = BufferEvent.filter(ends[1], inflating(inflater), null, BevOption.CLOSE_ON_FREE);
        toClose.add(a);
        toClose.add(b);
        EvBuffer received = new EvBuffer();
        List<Integer> events = new ArrayList<>();
        b.setCallbacks(x -> received.addBuffer(x.input()), null, (x, what) -> events.add(what));
        b.enable(Ev.READ);
        byte[] text = new byte[1 << 20];
        Random random = new Random(3);
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(4));
        }
        a.write(text);
        a.flush(Ev.WRITE, BevFlush.FLUSH);
        runUntil(base, () -> received.length() == text.length);
        a.write(ascii("the end"));
        a.flush(Ev.WRITE, BevFlush.FINISHED);
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.EOF);
        assertThat(inflater.finished()).isTrue();
        byte[] all = new byte[(int) received.length()];
        received.remove(all);
        byte[] expected = new byte[text.length + 7];
        System.arraycopy(text, 0, expected, 0, text.length);
        System.arraycopy(ascii("the end"), 0, expected, text.length, 7);
        assertThat(all).isEqualTo(expected);
        assertThat(compressed[0]).isLessThan(text.length / 3);
        received.close();
        deflater.end();
        inflater.end();
    }

    @Test
    void aFilterThatFailsStopsItsDirectionAndReportsTheCause() throws Exception {
        SocketPair pair = sockets();
        FilterBufferEvent b = BufferEvent.filter(BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE),
                (src, dst, limit, mode) -> {
                    throw new IOException("bad frame");
                }, (src, dst, limit, mode) -> BevFilterResult.ERROR, BevOption.CLOSE_ON_FREE);
        toClose.add(b);
        List<Integer> events = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        b.setCallbacks(null, null, (x, what) -> {
            events.add(what);
            causes.add(x.lastError().getMessage());
        });
        b.enable(Ev.READ);
        pair.left.write(ByteBuffer.wrap(ascii("x")));
        runUntil(base, () -> !events.isEmpty());
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.ERROR);
        assertThat(causes).containsExactly("bad frame");
        assertThat(b.enabled() & Ev.READ).isZero();
        b.write(ascii("y"));
        assertThat(events).containsExactly(BevEvent.READING | BevEvent.ERROR, BevEvent.WRITING | BevEvent.ERROR);
        assertThat(causes.get(1)).contains("output filter returned ERROR");
        assertThat(b.enabled()).isZero();
    }

    @Test
    void closeOnFreeClosesTheUnderlyingAndWithoutItTheUnderlyingIsLetGo() throws Exception {
        SocketPair pair = sockets();
        SocketBufferEvent owned = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
        BufferEvent.filter(owned, null, null, BevOption.CLOSE_ON_FREE).close();
        assertThat(owned.isClosed()).isTrue();

        SocketBufferEvent kept = BufferEvent.socket(base, pair.right);
        toClose.add(kept);
        FilterBufferEvent filter = BufferEvent.filter(kept, null, null);
        assertThat(kept.flow.readSuspended).as("a filter that does not read keeps its underlying from reading")
                .isNotZero();
        filter.enable(Ev.READ);
        assertThat(kept.flow.readSuspended).isZero();
        filter.disable(Ev.READ);
        assertThat(kept.flow.readSuspended).isNotZero();
        filter.close();
        assertThat(kept.isClosed()).isFalse();
        assertThat(kept.readCallback()).isNull();
        assertThat(kept.flow.readSuspended).isZero();
    }

    @Test
    void aThreadsafeFilterNeedsAThreadsafeUnderlying() throws IOException {
        SocketBufferEvent plain = BufferEvent.socket(base, sockets().left, BevOption.CLOSE_ON_FREE);
        toClose.add(plain);
        assertThatThrownBy(() -> BufferEvent.filter(plain, null, null, BevOption.THREADSAFE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("THREADSAFE too");
    }

    @Test
    void theReadHighWatermarkLimitsWhatTheInputFilterIsAskedFor() throws Exception {
        SocketPair pair = sockets();
        List<Long> limits = new ArrayList<>();
        FilterBufferEvent b = BufferEvent.filter(BufferEvent.socket(base, pair.right, BevOption.CLOSE_ON_FREE),
                (src, dst, limit, mode) -> {
                    limits.add(limit);
                    src.removeBuffer(dst, limit);
                    return BevFilterResult.OK;
                }, null, BevOption.CLOSE_ON_FREE);
        toClose.add(b);
        b.setWatermark(Ev.READ, 0, 100);
        b.enable(Ev.READ);
        pair.left.write(ByteBuffer.wrap(new byte[250]));
        runUntil(base, () -> b.input().length() == 100);
        assertThat(limits).startsWith(100L);
        b.input().drain(100);
        runUntil(base, () -> b.input().length() == 100);
        b.input().drain(100);
        runUntil(base, () -> b.input().length() == 50);
        assertThat(limits).allMatch(l -> l > 0 && l <= 100);
    }
}
