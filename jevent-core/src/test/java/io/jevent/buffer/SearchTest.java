package io.jevent.buffer;

import static io.jevent.buffer.Bytes.addPieces;
import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pointers and pattern search: libevent's test_evbuffer_ptr_set, _search and _find. */
@ExtendWith(PoolHygiene.class)
class SearchTest {

    @Test
    void aPointerMayStandJustPastTheLastByteButNoFurther() {
        try (EvBuffer b = new EvBuffer()) {
            EvBufferPtr p = b.ptr();
            assertThat(p.position()).isZero();
            assertThat(p.add(1)).isFalse();
            assertThat(p.position()).isEqualTo(-1);
            assertThat(p.set(1)).isFalse();
            assertThat(p.position()).isEqualTo(-1);

            ByteBuffer[] v = new ByteBuffer[1];
            for (int size : new int[] {5000, 4000, 3000}) {
                b.reserve(size, v);
                v[0].put(new byte[size]);
                b.commit(v, 1);
            }
            assertThat(b.length()).isEqualTo(12_000);
            assertThat(p.set(13_000)).isFalse();
            assertThat(p.position()).isEqualTo(-1);
            assertThat(p.set(0)).isTrue();
            assertThat(p.add(13_000)).isFalse();
            assertThat(p.set(0)).isTrue();
            assertThat(p.add(10_000)).isTrue();
            assertThat(p.position()).isEqualTo(10_000);
            assertThat(p.add(1000)).isTrue();
            assertThat(p.add(1000)).isTrue();
            assertThat(p.position()).isEqualTo(12_000);
            assertThat(p.add(1000)).isFalse();
            assertThat(p.position()).isEqualTo(-1);
            assertThat(p.add(1)).as("an unset pointer cannot move").isFalse();
        }
    }

    @Test
    void searchFindsPatternsThatStraddleSegments() {
        try (EvBuffer b = new EvBuffer(); EvBuffer tmp = new EvBuffer()) {
            assertThat(b.search(ascii("x"), null)).isEqualTo(-1);
            EvBufferPtr p = b.ptr();
            assertThat(b.search(ascii("x"), p)).isEqualTo(-1);
            assertThat(b.searchRange(ascii("x"), p, p)).isEqualTo(-1);

            addPieces(b, "hello", "foo", "cat", "attack");
            assertThat(b.search(ascii("attack"), null)).isEqualTo(11);
            assertThat(b.search(ascii("attacker"), null)).isEqualTo(-1);
            assertThat(b.search(ascii("oc"), null)).isEqualTo(7);
            p.set(7);
            assertThat(b.search(ascii("cat"), p)).isEqualTo(8);
            p.set(8);
            assertThat(b.search(ascii("tacking"), p)).isEqualTo(-1);
            p.set(5);
            assertThat(b.search(ascii("foo"), p)).isEqualTo(5);
            p.add(2);
            assertThat(b.search(ascii("tat"), p)).isEqualTo(10);

            EvBufferPtr end = b.ptr();
            end.set(12);
            assertThat(b.searchRange(ascii("foo"), null, end)).isEqualTo(5);
            assertThat(b.searchRange(ascii("foocata"), null, end)).isEqualTo(5);
            assertThat(b.searchRange(ascii("foocatat"), null, end)).isEqualTo(-1);
            assertThat(b.searchRange(ascii("ack"), null, end)).isEqualTo(-1);
            assertThat(end.set(17)).isTrue();
            assertThat(b.searchRange(ascii("attack"), null, end)).isEqualTo(11);
            p.set(11);
            assertThat(b.searchRange(ascii("attack"), p, end)).isEqualTo(11);
            p.set(17);
            assertThat(b.searchRange(ascii("attack"), p, end)).isEqualTo(-1);
            assertThat(b.search(ascii("attack"), p)).isEqualTo(-1);
        }
    }

    @Test
    void anEmptyPatternIsFoundWhereTheSearchStarts() {
        try (EvBuffer b = new EvBuffer()) {
            assertThat(b.search(new byte[0], null)).isZero();
            b.add(ascii("abc"));
            EvBufferPtr p = b.ptr();
            p.set(3);
            assertThat(b.search(new byte[0], p)).isEqualTo(3);
        }
    }

    @Test
    void searchDoesNotMatchPastTheEnd() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("1234567890\r\n"));
            b.drain(12);
            b.add(ascii("1234567890\r"));
            assertThat(b.search(ascii("\r\n"), null)).isEqualTo(-1);
            b.drain(b.length());
            byte[] as = new byte[256];
            java.util.Arrays.fill(as, (byte) 'a');
            as[255] = 'x';
            b.add(as);
            assertThat(b.search(ascii("xy"), null)).isEqualTo(-1);
            assertThat(b.search(ascii("ax"), null)).isEqualTo(254);
        }
    }

    @Test
    void searchFindsEveryOccurrenceWhenRepeatedFromAfterTheLastMatch() {
        try (EvBuffer b = new EvBuffer()) {
            byte[] text = alphabet(0, 100_000);
            b.add(text);
            EvBufferPtr p = b.ptr();
            int count = 0;
            long at;
            while ((at = b.search(ascii("wxyz"), p)) >= 0) {
                assertThat(text[(int) at]).isEqualTo((byte) 'w');
                count++;
                if (!p.set(at + 1)) {
                    break;
                }
            }
            assertThat(count).isEqualTo((100_000 - 22) / 26 + 1);
        }
    }

    @Test
    void aPointerFollowsItsOffsetWhenTheBufferChanges() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("0123456789"));
            EvBufferPtr p = b.ptr();
            p.set(5);
            b.prepend(ascii("ab"));
            assertThat(b.search(ascii("3"), p)).isEqualTo(5);
            b.drain(8);
            assertThatThrownBy(() -> b.search(ascii("9"), p))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position 5 is past the end (length 4)");
        }
    }

    @Test
    void aPointerOfAnotherBufferIsRejected() {
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer()) {
            EvBufferPtr p = a.ptr();
            assertThatThrownBy(() -> b.search(ascii("x"), p))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("belongs to " + a).hasMessageContaining("not " + b);
            assertThatThrownBy(() -> b.copyOutFrom(p, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> b.peek(1, p, null)).isInstanceOf(IllegalArgumentException.class);
            p.set(5);
            assertThatThrownBy(() -> a.searchEol(p, EolStyle.LF))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not set");
        }
    }
}
