package io.jevent.buffer;

import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contents;
import static io.jevent.buffer.Bytes.contentsText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Zero-copy access: libevent's test_evbuffer_peek, _peek_first_gt, _reserve2, _reserve_many, _reserve_with_empty. */
@ExtendWith(PoolHygiene.class)
class PeekReserveTest {

    private static EvBuffer sixteenChunks() {
        EvBuffer b = new EvBuffer();
        for (int i = 0; i < 16; i++) {
            b.addReference(ByteBuffer.wrap(ascii("Contents of chunk [" + i + "]\n")), null);
        }
        return b;
    }

    private static void assertView(ByteBuffer v, String expected) {
        assertThat(v.isReadOnly()).isTrue();
        assertThat(Bytes.text(EvBufferTest.bytesOf(v))).isEqualTo(expected);
    }

    @Test
    void peekDescribesTheBufferSegmentBySegment() {
        try (EvBuffer b = sixteenChunks(); EvBuffer empty = new EvBuffer()) {
            assertThat(b.peek(-1, null)).isEqualTo(16);
            ByteBuffer[] v = new ByteBuffer[20];
            assertThat(b.peek(-1, v)).isEqualTo(16);
            assertView(v[0], "Contents of chunk [0]\n");
            assertView(v[3], "Contents of chunk [3]\n");
            assertView(v[12], "Contents of chunk [12]\n");
            assertView(v[15], "Contents of chunk [15]\n");
            assertThat(v[16]).isNull();

            v = new ByteBuffer[20];
            assertThat(b.peek(-1, new ByteBuffer[1])).isEqualTo(1);
            assertThat(b.peek(40, v)).isEqualTo(2);
            assertView(v[1], "Contents of chunk [1]\n");
            assertThat(v[2]).isNull();
            assertThat(b.peek(100, null)).isEqualTo(5);
            assertThat(b.peek(60, new ByteBuffer[1])).as("more needed than provided").isEqualTo(3);
            assertThat(b.peek(65_536, new ByteBuffer[20])).isEqualTo(16);

            assertThat(empty.peek(-1, v)).isZero();
            assertThat(empty.peek(50, v)).isZero();

            EvBufferPtr p = b.ptr();
            p.set(30);
            v = new ByteBuffer[20];
            assertThat(p.peek(50, v)).isEqualTo(3);
            assertView(v[0], " of chunk [1]\n");
            assertView(v[1], "Contents of chunk [2]\n");
            assertView(v[2], "Contents of chunk [3]\n");
            p.add(14);
            assertThat(p.peek(44, v)).isEqualTo(2);
            assertView(v[0], "Contents of chunk [2]\n");
            assertThat(p.set(b.length())).isTrue();
            assertThat(p.peek(44, v)).isZero();
        }
    }

    @Test
    void peekFromAPointerCountsItsPartialFirstSegment() {
        try (EvBuffer b = new EvBuffer()) {
            Bytes.addPieces(b, "Contents of chunk 100\n", "Contents of chunk 1\n");
            EvBufferPtr p = b.ptr();
            assertThat(p.peek(-1, null)).isEqualTo(2);
            assertThat(p.peek(-1, new ByteBuffer[2])).isEqualTo(2);
            p.add(20);
            assertThat(p.peek(-1, null)).isEqualTo(2);
            assertThat(p.peek(-1, new ByteBuffer[2])).isEqualTo(2);
            assertThat(p.peek(2, null)).isEqualTo(1);
            assertThat(p.peek(2, new ByteBuffer[2])).isEqualTo(1);
            assertThat(p.peek(3, null)).isEqualTo(2);
            assertThat(p.peek(3, new ByteBuffer[2])).isEqualTo(2);
        }
    }

    @Test
    void peekReturningAnArrayCoversExactlyTheNeededExtents() {
        try (EvBuffer b = sixteenChunks()) {
            ByteBuffer[] v = b.peek(-1);
            assertThat(v).hasSize(16);
            assertThat(b.peek(30)).hasSize(2);
            assertThatThrownBy(() -> v[0].put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        }
    }

    @Test
    void reserveAndCommitUseOneOrTwoExtents() {
        try (EvBuffer b = new EvBuffer()) {
            ByteBuffer[] v = new ByteBuffer[2];
            assertThat(b.reserve(1024, v)).isEqualTo(1);
            assertThat(b.length()).isZero();
            assertThat(v[0].remaining()).isGreaterThanOrEqualTo(1024);
            ByteBuffer first = v[0];
            int remaining = first.remaining() - 512;
            fill(v[0], 'X', 512);
            assertThat(b.commit(v, 1)).isEqualTo(512);
            assertThat(b.length()).isEqualTo(512);

            assertThat(b.reserve(32, v)).isEqualTo(1);
            assertThat(v[0]).isSameAs(first);
            assertThat(v[0].remaining()).isEqualTo(remaining);
            fill(v[0], 'Y', 8);
            b.commit(v, 1);
            remaining -= 8;
            assertThat(b.length()).isEqualTo(520);

            assertThat(b.reserve(remaining + 64, v)).isEqualTo(2);
            assertThat(v[0].remaining()).isEqualTo(remaining);
            assertThat(v[1].remaining()).isGreaterThanOrEqualTo(64);
            ByteBuffer second = v[1];
            fill(v[0], 'Z', 1);
            assertThat(b.commit(v, 1)).isEqualTo(1);
            remaining -= 1;

            assertThat(b.reserve(remaining + 64, v)).isEqualTo(2);
            assertThat(v[1]).isSameAs(second);
            fill(v[0], 'W', 400);
            fill(v[1], 'x', 60);
            assertThat(b.commit(v, 2)).isEqualTo(460);
            assertThat(b.length()).isEqualTo(981);

            ByteBuffer[] peek = new ByteBuffer[2];
            assertThat(b.peek(-1, peek)).isEqualTo(2);
            assertThat(peek[0].remaining()).isEqualTo(921);
            assertThat(peek[1].remaining()).isEqualTo(60);
            assertThat(contentsText(b))
                    .isEqualTo("X".repeat(512) + "Y".repeat(8) + "Z" + "W".repeat(400) + "x".repeat(60));
        }
    }

    @Test
    void reserveWithOneSlotGivesOneContiguousExtent() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("a"));
            ByteBuffer[] v = new ByteBuffer[1];
            assertThat(b.reserve(20_000, v)).isEqualTo(1);
            assertThat(v[0].remaining()).isGreaterThanOrEqualTo(20_000);
            v[0].put(alphabet(0, 20_000));
            b.commit(v, 1);
            assertThat(contents(b)).isEqualTo(EvBufferTest.concat(ascii("a"), alphabet(0, 20_000)));
        }
    }

    @Test
    void reservingTwiceHandsOutTheSameSpace() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("a"));
            ByteBuffer[] v = new ByteBuffer[2];
            assertThat(b.reserve(1 << 12, v)).isEqualTo(1);
            ByteBuffer same = v[0];
            assertThat(b.reserve(1 << 12, v)).isEqualTo(1);
            assertThat(v[0]).isSameAs(same);
            v[0].put((byte) 'b');
            b.commit(v, 1);
            b.add(ascii("c"));
            assertThat(contentsText(b)).isEqualTo("abc");
        }
    }

    @Test
    void committingTheSecondExtentAloneSkipsTheFirst() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(alphabet(0, 8000));
            ByteBuffer[] v = new ByteBuffer[2];
            assertThat(b.reserve(1000, v)).isEqualTo(2);
            v[1].put(ascii("second"));
            assertThat(b.commit(new ByteBuffer[] {v[1]}, 1)).isEqualTo(6);
            b.add(ascii("!"));
            assertThat(contentsText(b)).endsWith("second!").hasSize(8007);
        }
    }

    @Test
    void reserveOfZeroGivesNoExtentsWithTwoSlots() {
        try (EvBuffer b = new EvBuffer()) {
            assertThat(b.reserve(0, new ByteBuffer[2])).isZero();
            ByteBuffer[] one = new ByteBuffer[1];
            assertThat(b.reserve(0, one)).isEqualTo(1);
            assertThat(b.commit(one, 0)).isZero();
        }
    }

    @Test
    void commitRefusesExtentsThatAreNotTheReservedOnes() {
        try (EvBuffer b = new EvBuffer()) {
            ByteBuffer[] v = new ByteBuffer[2];
            assertThatThrownBy(() -> b.commit(new ByteBuffer[] {ByteBuffer.allocate(4)}, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing is reserved");
            b.add(ascii("x"));
            b.reserve(100, v);
            assertThatThrownBy(() -> b.commit(new ByteBuffer[] {ByteBuffer.allocate(4)}, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the space reserve()");
            v[0].position(v[0].position() - 1);
            assertThatThrownBy(() -> b.commit(v, 1)).isInstanceOf(IllegalArgumentException.class);
            b.reserve(100, v);
            v[0].put((byte) 1);
            b.add(ascii("meanwhile"));
            assertThatThrownBy(() -> b.commit(v, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("changed since reserve()");
            assertThat(contentsText(b)).isEqualTo("xmeanwhile");
        }
    }

    @Test
    void expandedSpaceIsWhereReserveWrites() {
        try (EvBuffer b = new EvBuffer()) {
            b.expand(100);
            ByteBuffer[] v = new ByteBuffer[1];
            b.reserve(100, v);
            v[0].put(ascii("hello"));
            b.commit(v, 1);
            assertThat(contentsText(b)).isEqualTo("hello");
        }
    }

    private static void fill(ByteBuffer v, char c, int n) {
        for (int i = 0; i < n; i++) {
            v.put((byte) c);
        }
    }
}
