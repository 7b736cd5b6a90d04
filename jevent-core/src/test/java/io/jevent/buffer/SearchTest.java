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
            assertThat(b.search(ascii("x"))).isEqualTo(-1);
            EvBufferPtr p = b.ptr();
            assertThat(p.search(ascii("x"))).isEqualTo(-1);
            assertThat(p.searchRange(ascii("x"), p)).isEqualTo(-1);

            addPieces(b, "hello", "foo", "cat", "attack");
            assertThat(b.search(ascii("attack"))).isEqualTo(11);
            assertThat(b.search(ascii("attacker"))).isEqualTo(-1);
            assertThat(b.search(ascii("oc"))).isEqualTo(7);
            p.set(7);
            assertThat(p.search(ascii("cat"))).isEqualTo(8);
            p.set(8);
            assertThat(p.search(ascii("tacking"))).isEqualTo(-1);
            p.set(5);
            assertThat(p.search(ascii("foo"))).isEqualTo(5);
            p.add(2);
            assertThat(p.search(ascii("tat"))).isEqualTo(10);

            EvBufferPtr end = b.ptr();
            end.set(12);
            assertThat(b.ptr().searchRange(ascii("foo"), end)).isEqualTo(5);
            assertThat(b.ptr().searchRange(ascii("foocata"), end)).isEqualTo(5);
            assertThat(b.ptr().searchRange(ascii("foocatat"), end)).isEqualTo(-1);
            assertThat(b.ptr().searchRange(ascii("ack"), end)).isEqualTo(-1);
            assertThat(end.set(17)).isTrue();
            assertThat(b.ptr().searchRange(ascii("attack"), end)).isEqualTo(11);
            p.set(11);
            assertThat(p.searchRange(ascii("attack"), end)).isEqualTo(11);
            p.set(17);
            assertThat(p.searchRange(ascii("attack"), end)).isEqualTo(-1);
            assertThat(p.search(ascii("attack"))).isEqualTo(-1);
        }
    }

    @Test
    void anEmptyPatternIsFoundWhereTheSearchStarts() {
        try (EvBuffer b = new EvBuffer()) {
            assertThat(b.search(new byte[0])).isZero();
            b.add(ascii("abc"));
            EvBufferPtr p = b.ptr();
            p.set(3);
            assertThat(p.search(new byte[0])).isEqualTo(3);
        }
    }

    @Test
    void searchDoesNotMatchPastTheEnd() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("1234567890\r\n"));
            b.drain(12);
            b.add(ascii("1234567890\r"));
            assertThat(b.search(ascii("\r\n"))).isEqualTo(-1);
            b.drain(b.length());
            byte[] as = new byte[256];
            java.util.Arrays.fill(as, (byte) 'a');
            as[255] = 'x';
            b.add(as);
            assertThat(b.search(ascii("xy"))).isEqualTo(-1);
            assertThat(b.search(ascii("ax"))).isEqualTo(254);
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
            while ((at = p.search(ascii("wxyz"))) >= 0) {
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
            assertThat(p.search(ascii("3"))).isEqualTo(5);
            b.drain(8);
            assertThatThrownBy(() -> p.search(ascii("9")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("position 5 is past the end (length 4)");
        }
    }

    @Test
    void aPointerOfAnotherBufferOrOneNotSetIsRejected() {
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer()) {
            EvBufferPtr p = a.ptr();
            assertThatThrownBy(() -> p.searchRange(ascii("x"), b.ptr()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("belongs to " + b).hasMessageContaining("not " + a);
            p.set(5);
            assertThatThrownBy(() -> p.searchEol(EolStyle.LF))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not set");
            assertThatThrownBy(() -> p.copyOut(new byte[1], 0, 1)).hasMessageContaining("not set");
            assertThatThrownBy(() -> p.peek(1, null)).hasMessageContaining("not set");
        }
    }
}
