package io.jevent.buffer;

import static io.jevent.buffer.Bytes.addPieces;
import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.SocketPair;
import io.jevent.buffer.internal.SegmentPool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** evbuffer_read, evbuffer_write and evbuffer_write_atmost over loopback sockets and test channels. */
@ExtendWith(PoolHygiene.class)
class ChannelIoTest {

    @Test
    void bytesSurviveARoundTripThroughASocket() throws Exception {
        byte[] data = alphabet(0, 1 << 20);
        try (SocketPair pair = SocketPair.open(); EvBuffer out = new EvBuffer(); EvBuffer in = new EvBuffer()) {
            out.add(data);
            pair.pump(out, in, data.length);
            assertThat(out.length()).isZero();
            assertThat(contents(in)).isEqualTo(data);
        }
    }

    @Test
    void readReturnsZeroWhenNothingIsReadyAndMinusOneAtTheEnd() throws Exception {
        try (SocketPair pair = SocketPair.open(); EvBuffer in = new EvBuffer(); EvBuffer out = new EvBuffer()) {
            assertThat(in.read(pair.right, -1)).isZero();
            out.add(ascii("bye"));
            pair.pump(out, in, 3);
            pair.left.close();
            long deadline = System.nanoTime() + 10_000_000_000L;
            int r;
            while ((r = in.read(pair.right, -1)) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(r).isEqualTo(-1);
            assertThat(Bytes.contentsText(in)).isEqualTo("bye");
        }
    }

    @Test
    void readTakesNoMoreThanAsked() throws Exception {
        try (EvBuffer in = new EvBuffer()) {
            FakeSource src = new FakeSource(Integer.MAX_VALUE);
            assertThat(in.read(src, 100)).isEqualTo(100);
            assertThat(in.read(src, 0)).isZero();
            assertThat(in.read(src, 30_000)).isEqualTo(30_000);
            assertThat(contents(in)).isEqualTo(alphabet(0, 30_100));
            assertThat(src.offers).containsExactly(100, 30_000);
        }
    }

    @Test
    void readOffersGrowWhileFilledAndComeDownTowardsWhatWasRead() throws Exception {
        try (EvBuffer in = new EvBuffer()) {
            FakeSource src = new FakeSource(Integer.MAX_VALUE);
            for (int i = 0; i < 7; i++) {
                in.read(src, -1);
                in.drain(in.length());
            }
            assertThat(src.offers).containsExactly(8192, 16_384, 32_768, 65_536, 131_072, 262_144, 262_144);
            src.offers.clear();
            src.perRead = 100;
            for (int i = 0; i < 4; i++) {
                in.read(src, -1);
                in.drain(in.length());
            }
            assertThat(src.offers).as("small reads bring the offer down a quarter at a time")
                    .containsExactly(262_144, 196_608, 147_456, 110_592);
            src.offers.clear();
            src.perRead = 65_536;
            for (int i = 0; i < 4; i++) {
                in.read(src, -1);
                in.drain(in.length());
            }
            assertThat(src.offers).as("settles one segment above the message size")
                    .containsExactly(82_944, 73_728, 73_728, 73_728);
        }
    }

    @Test
    void readFillsTheTailsRoomBeforeNewSegments() throws Exception {
        try (EvBuffer in = new EvBuffer()) {
            in.add(ascii("x"));
            FakeSource src = new FakeSource(Integer.MAX_VALUE);
            assertThat(in.read(src, 9000)).isEqualTo(9000);
            assertThat(src.buffersPerCall).containsExactly(2);
            assertThat(in.contiguousSpace()).isEqualTo(8192);
        }
    }

    @Test
    void aChannelThatCannotScatterIsReadIntoOneSegment() throws Exception {
        try (EvBuffer in = new EvBuffer()) {
            ReadableByteChannel plain = Channels.newChannel(new java.io.ByteArrayInputStream(alphabet(0, 50_000)));
            int total = 0;
            int r;
            while ((r = in.read(plain, -1)) > 0) {
                assertThat(r).isLessThanOrEqualTo(8192);
                total += r;
            }
            assertThat(total).isEqualTo(50_000);
            assertThat(contents(in)).isEqualTo(alphabet(0, 50_000));
        }
    }

    @Test
    void writeGathersAllSegmentsIntoOneCall() throws Exception {
        try (EvBuffer out = new EvBuffer()) {
            addPieces(out, "one ", "two ", "three ");
            out.add(alphabet(0, 20_000));
            FakeSink sink = new FakeSink(Integer.MAX_VALUE);
            assertThat(out.write(sink)).isEqualTo(20_014);
            assertThat(sink.calls).isEqualTo(1);
            assertThat(Bytes.text(sink.bytes())).startsWith("one two three abc");
            assertThat(out.length()).isZero();
        }
    }

    @Test
    void writeAtMostStopsAtTheLimitAndDrainsOnlyWhatWasWritten() throws Exception {
        try (EvBuffer out = new EvBuffer()) {
            out.add(alphabet(0, 20_000));
            FakeSink sink = new FakeSink(5000);
            assertThat(out.writeAtMost(sink, 12_000)).isEqualTo(5000);
            assertThat(out.writeAtMost(sink, 3)).isEqualTo(3);
            assertThat(out.writeAtMost(sink, 0)).isZero();
            assertThat(out.length()).isEqualTo(14_997);
            assertThat(sink.bytes()).isEqualTo(alphabet(0, 5003));
            assertThat(contents(out)).isEqualTo(alphabet(5003, 14_997));
        }
    }

    @Test
    void aFailingWriteLeavesTheBufferWhole() {
        try (EvBuffer out = new EvBuffer()) {
            out.add(alphabet(0, 100));
            GatheringByteChannel broken = new FakeSink(0) {
                @Override
                public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                    throw new IOException("broken pipe");
                }

                @Override
                public int write(ByteBuffer src) throws IOException {
                    throw new IOException("broken pipe");
                }
            };
            assertThatThrownBy(() -> out.write(broken)).isInstanceOf(IOException.class);
            assertThat(contents(out)).isEqualTo(alphabet(0, 100));
            out.add(ascii("!"));
            assertThat(out.length()).isEqualTo(101);
        }
    }

    @Test
    void aSteadyStateEchoAllocatesNothing() throws Exception {
        try (SocketPair pair = SocketPair.open(); EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer()) {
            pair.left.configureBlocking(true);
            pair.right.configureBlocking(true);
            ByteBuffer message = ByteBuffer.allocateDirect(200);
            message.put(alphabet(0, 200)).flip();
            ByteBuffer echoed = ByteBuffer.allocateDirect(200);
            long outstanding = SegmentPool.outstanding();
            // The best of several windows after warm-up: an allocation per echo shows in every
            // window, while a one-off (the JIT replacing code, a JDK cache growing) spoils only one.
            long fewest = Long.MAX_VALUE;
            for (int window = 0; window < 5; window++) {
                long before = ThreadAllocations.current();
                for (int i = 0; i < 10_000; i++) {
                    message.rewind();
                    pair.left.write(message);
                    while (a.length() < 200) {
                        a.read(pair.right, -1);
                    }
                    b.addBuffer(a);
                    b.write(pair.right);
                    echoed.clear();
                    while (echoed.hasRemaining()) {
                        pair.left.read(echoed);
                    }
                }
                fewest = Math.min(fewest, ThreadAllocations.current() - before);
            }
            assertThat(fewest).as("bytes allocated by 10,000 echoes, fewest of five windows").isZero();
            assertThat(SegmentPool.outstanding()).isEqualTo(outstanding);
            echoed.flip();
            assertThat(echoed).isEqualTo(message.rewind());
        }
    }

    /** An endless source of the alphabet that records what each read offered. */
    static class FakeSource implements ScatteringByteChannel {
        final List<Integer> offers = new ArrayList<>();
        final List<Integer> buffersPerCall = new ArrayList<>();
        int perRead;
        long produced;

        FakeSource(int perRead) {
            this.perRead = perRead;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            long offered = 0;
            for (int i = offset; i < offset + length; i++) {
                offered += dsts[i].remaining();
            }
            offers.add((int) offered);
            buffersPerCall.add(length);
            long n = 0;
            for (int i = offset; i < offset + length && n < perRead; i++) {
                while (dsts[i].hasRemaining() && n < perRead) {
                    dsts[i].put((byte) ('a' + produced++ % 26));
                    n++;
                }
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts) {
            return read(dsts, 0, dsts.length);
        }

        @Override
        public int read(ByteBuffer dst) {
            return (int) read(new ByteBuffer[] {dst}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A sink that takes at most {@code perWrite} bytes per call and keeps them. */
    static class FakeSink implements GatheringByteChannel {
        final java.io.ByteArrayOutputStream taken = new java.io.ByteArrayOutputStream();
        final int perWrite;
        int calls;

        FakeSink(int perWrite) {
            this.perWrite = perWrite;
        }

        byte[] bytes() {
            return taken.toByteArray();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            calls++;
            long n = 0;
            for (int i = offset; i < offset + length && n < perWrite; i++) {
                while (srcs[i].hasRemaining() && n < perWrite) {
                    taken.write(srcs[i].get());
                    n++;
                }
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
