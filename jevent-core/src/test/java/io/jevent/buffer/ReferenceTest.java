package io.jevent.buffer;

import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contents;
import static io.jevent.buffer.Bytes.contentsText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory added by reference and buffers sharing bytes: libevent's test_evbuffer_add_reference,
 * _reference and _multicast.
 */
@ExtendWith(PoolHygiene.class)
class ReferenceTest {
    private static final String CHUNK1 = "If you have found the answer to such a problem";
    private static final String CHUNK2 = "you ought to write it up for publication";

    @Test
    void aReferenceIsCleanedUpOnceWhenItsLastByteIsDrained() {
        List<ByteBuffer> cleaned = new ArrayList<>();
        ByteBuffer chunk1 = ByteBuffer.wrap(ascii(CHUNK1));
        ByteBuffer chunk2 = ByteBuffer.wrap(ascii(CHUNK2));
        try (EvBuffer buf1 = new EvBuffer(); EvBuffer buf2 = new EvBuffer()) {
            buf1.addReference(chunk1, cleaned::add);
            buf1.add(ascii(", "));
            buf1.addReference(chunk2, cleaned::add);
            assertThat(buf1.length()).isEqualTo(CHUNK1.length() + CHUNK2.length() + 2);
            byte[] tmp = new byte[16];
            assertThat(buf1.remove(tmp, 0, 6)).isEqualTo(6);
            assertThat(Bytes.text(tmp).substring(0, 6)).isEqualTo("If you");
            assertThat(buf1.remove(tmp, 0, 5)).isEqualTo(5);
            buf1.prepend(ascii("I have "));
            assertThat(Bytes.text(chunk1.array())).isEqualTo(CHUNK1);
            buf1.drain(7);
            buf1.drain(CHUNK1.length() - 11 - 1);
            assertThat(cleaned).isEmpty();
            assertThat(buf1.remove(tmp, 0, 1)).isEqualTo(1);
            assertThat(tmp[0]).isEqualTo((byte) 'm');
            assertThat(cleaned).containsExactly(chunk1);
            assertThat(chunk1.position()).as("the user's buffer is not touched").isZero();

            buf1.drain(6);
            buf2.add(ascii("I "));
            buf2.addBuffer(buf1);
            assertThat(cleaned).hasSize(1);
            assertThat(buf2.remove(tmp)).isEqualTo(16);
            assertThat(Bytes.text(tmp)).isEqualTo("I ought to write");
            buf2.drain(buf2.length());
            assertThat(cleaned).containsExactly(chunk1, chunk2);

            buf1.add(ascii("You shake and shake the "));
            ByteBuffer ketchup = ByteBuffer.wrap(ascii("ketchup bottle"));
            buf1.addReference(ketchup, cleaned::add);
            buf1.add(ascii(". Nothing comes and then a lot'll."));
            buf1.close();
            assertThat(cleaned).containsExactly(chunk1, chunk2, ketchup);
        }
        assertThat(cleaned).hasSize(3);
    }

    @Test
    void referencedBytesCanBeRemovedIntoReservedSpace() {
        String data = "this is what we add as read-only memory.";
        int[] calls = new int[1];
        try (EvBuffer src = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
            src.addReference(ByteBuffer.wrap(ascii(data)).asReadOnlyBuffer(), bb -> calls[0]++);
            ByteBuffer[] v = new ByteBuffer[1];
            dst.reserve(data.length(), v);
            byte[] part = new byte[10];
            src.remove(part);
            v[0].put(part);
            src.prepend(ascii("aaaaa"));
            src.drain(5);
            byte[] rest = new byte[data.length() - 10];
            src.remove(rest);
            v[0].put(rest);
            dst.commit(v, 1);
            assertThat(calls[0]).isEqualTo(1);
            assertThat(contentsText(dst)).isEqualTo(data);
        }
    }

    @Test
    void anEmptyReferenceIsCleanedUpAtOnceAndAddsNothing() {
        int[] calls = new int[1];
        try (EvBuffer b = new EvBuffer(); EvBuffer other = new EvBuffer()) {
            b.addReference(ByteBuffer.allocate(0), bb -> calls[0]++);
            assertThat(calls[0]).isEqualTo(1);
            b.prepend(ascii("foo"));
            assertThat(contentsText(b)).isEqualTo("foo");
            other.addReference(ByteBuffer.allocate(0), null);
            b.prependBuffer(other);
            assertThat(contentsText(b)).isEqualTo("foo");
            assertThat(other.pullup(-1)).isNull();
        }
    }

    @Test
    void aSharedBufferKeepsItsBytesAfterTheSourceIsClosed() {
        EvBuffer buf1 = new EvBuffer();
        try (EvBuffer buf2 = new EvBuffer()) {
            buf1.add(ascii(CHUNK1)).add(ascii(", ")).add(ascii(CHUNK2));
            buf2.addBufferReference(buf1);
            assertThat(buf2.length()).isEqualTo(buf1.length());
            assertThatThrownBy(() -> buf2.addBufferReference(buf2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> buf1.addBufferReference(buf2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not shared again");

            byte[] tmp = new byte[6];
            buf1.remove(tmp);
            assertThat(Bytes.text(tmp)).isEqualTo("If you");
            buf1.prepend(ascii("I have "));
            buf2.remove(tmp);
            assertThat(Bytes.text(tmp)).isEqualTo("If you");
            buf2.drain(5);
            buf2.prepend(ascii("I have "));
            buf1.add(ascii(" appended after sharing"));
            buf1.close();
            buf2.remove(tmp);
            assertThat(Bytes.text(tmp)).isEqualTo("I have");
            buf2.remove(tmp);
            assertThat(Bytes.text(tmp)).isEqualTo("  foun");
            assertThat(contentsText(buf2)).endsWith("publication");
        } finally {
            buf1.close();
        }
    }

    @Test
    void drainingEitherSideOfASharedBufferLeavesTheOtherWhole() {
        try (EvBuffer buf1 = new EvBuffer(); EvBuffer buf2 = new EvBuffer()) {
            buf1.add(alphabet(0, 30_000));
            buf2.addBufferReference(buf1);
            buf1.drain(buf1.length());
            assertThat(contents(buf2)).isEqualTo(alphabet(0, 30_000));
            buf2.drain(buf2.length());
            buf1.add(ascii("fresh"));
            assertThat(contentsText(buf1)).isEqualTo("fresh");
        }
    }

    @Test
    void sharedReferencedMemoryIsCleanedUpOnceBothBuffersLetGo() {
        int[] calls = new int[1];
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer(); EvBuffer c = new EvBuffer()) {
            a.addReference(ByteBuffer.wrap(alphabet(0, 500)), bb -> calls[0]++);
            b.addBufferReference(a);
            c.add(ascii("xyz"));
            c.addBuffer(b);
            a.drain(500);
            assertThat(calls[0]).isZero();
            assertThat(contents(c)).isEqualTo(EvBufferTest.concat(ascii("xyz"), alphabet(0, 500)));
            c.close();
            assertThat(calls[0]).isEqualTo(1);
        }
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void writingToASourceAfterSharingDoesNotShowInTheSharer() {
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer()) {
            a.add(ascii("abc"));
            b.addBufferReference(a);
            a.add(ascii("def"));
            a.prepend(ascii("0"));
            assertThat(contentsText(a)).isEqualTo("0abcdef");
            assertThat(contentsText(b)).isEqualTo("abc");
        }
    }

    @Test
    void directMemoryAddedByReferenceIsReadInPlace() {
        ByteBuffer direct = ByteBuffer.allocateDirect(20_000);
        direct.put(alphabet(0, 20_000)).position(100).limit(19_000);
        try (EvBuffer b = new EvBuffer()) {
            b.addReference(direct.asReadOnlyBuffer(), null);
            b.add(ascii("\r\n"));
            assertThat(b.search(ascii("xyzab"))).isEqualTo((23 - 100 % 26 + 26) % 26);
            assertThat(b.readLine(EolStyle.CRLF)).isEqualTo(Arrays.copyOfRange(alphabet(0, 20_000), 100, 19_000));
            assertThat(direct.position()).isEqualTo(100);
        }
    }
}
