package io.jevent.buffer;

import static io.jevent.buffer.Bytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad arguments fail at the call with the value in the message; a closed buffer refuses everything. */
@ExtendWith(PoolHygiene.class)
class MisuseTest {

    @Test
    void negativeCountsAreRejectedWithTheirValue() {
        try (EvBuffer b = new EvBuffer(); EvBuffer other = new EvBuffer()) {
            assertThatThrownBy(() -> b.drain(-3)).isInstanceOf(IllegalArgumentException.class).hasMessage("n < 0: -3");
            assertThatThrownBy(() -> b.removeBuffer(other, -1)).hasMessage("n < 0: -1");
            assertThatThrownBy(() -> b.expand(-7)).hasMessage("n < 0: -7");
            assertThatThrownBy(() -> b.pullup(-2)).hasMessage("n < -1: -2");
            assertThatThrownBy(() -> b.peek(-5, null)).hasMessage("len < -1: -5");
            assertThatThrownBy(() -> b.reserve(-1, new ByteBuffer[1])).hasMessage("size < 0: -1");
            assertThatThrownBy(() -> b.reserve(1, new ByteBuffer[0])).hasMessageContaining("length 0");
            assertThatThrownBy(() -> b.ptr().set(-4)).hasMessage("position < 0: -4");
            assertThatThrownBy(() -> b.ptr().add(-9)).hasMessage("distance < 0: -9");
            assertThatThrownBy(() -> b.expand(Long.MAX_VALUE)).hasMessageContaining(String.valueOf(Long.MAX_VALUE));
            Pipe pipe = Pipe.open();
            try {
                assertThatThrownBy(() -> b.read(pipe.source(), -2)).hasMessage("max < -1: -2");
                assertThatThrownBy(() -> b.writeAtMost(pipe.sink(), -2)).hasMessage("n < -1: -2");
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rangesOutsideAnArrayAreRejectedWithTheirBounds() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("abc"));
            assertThatThrownBy(() -> b.add(new byte[4], 2, 3))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("[2, 2 + 3)");
            assertThatThrownBy(() -> b.remove(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> b.copyOut(new byte[4], 0, 5)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> b.commit(new ByteBuffer[1], 2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(Bytes.contentsText(b)).isEqualTo("abc");
        }
    }

    @Test
    void nullsAreRejectedByName() {
        try (EvBuffer b = new EvBuffer()) {
            assertThatThrownBy(() -> b.addBuffer(null)).isInstanceOf(NullPointerException.class).hasMessage("src");
            assertThatThrownBy(() -> b.removeBuffer(null, 1)).hasMessage("dst");
            assertThatThrownBy(() -> b.add(null, StandardCharsets.UTF_8)).hasMessage("text");
            assertThatThrownBy(() -> b.add("x", null)).hasMessage("charset");
            assertThatThrownBy(() -> b.readLine(null)).hasMessage("style");
            assertThatThrownBy(() -> b.addReference(null, null)).hasMessage("data");
            assertThatThrownBy(() -> b.addFile(null, 0, 1)).hasMessage("file");
            assertThatThrownBy(() -> b.search(null)).hasMessage("pattern");
            assertThatThrownBy(() -> b.ptr().searchEol(null)).hasMessage("style");
            assertThatThrownBy(() -> b.read(null, 1)).hasMessage("channel");
        }
    }

    @Test
    void aBufferCannotBeMovedIntoItself() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("x"));
            assertThatThrownBy(() -> b.addBuffer(b)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("src is this buffer: " + b);
            assertThatThrownBy(() -> b.prependBuffer(b)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> b.removeBuffer(b, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> b.addBufferReference(b)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> b.readLine(EolStyle.ANY, b)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aClosedBufferRefusesEveryOperationAndClosingAgainIsHarmless() {
        EvBuffer b = new EvBuffer();
        EvBufferPtr p = b.ptr();
        CallbackEntry e = b.addCallback((buf, o, a, d) -> { });
        b.add(ascii("bytes"));
        b.close();
        b.close();
        try (EvBuffer other = new EvBuffer()) {
            List<Consumer<EvBuffer>> ops = List.of(
                    x -> x.length(), x -> x.contiguousSpace(), x -> x.add(ascii("a")), x -> x.prepend(ascii("a")),
                    x -> x.drain(1), x -> x.remove(new byte[1]), x -> x.copyOut(new byte[1]), x -> x.pullup(1),
                    x -> x.readLine(EolStyle.LF), x -> x.search(ascii("a")), x -> x.ptr(),
                    x -> x.peek(-1, null), x -> x.reserve(1, new ByteBuffer[1]), x -> x.freeze(Side.START),
                    x -> x.addCallback((buf, o, a, d) -> { }), x -> x.addBuffer(other), x -> other.addBuffer(x),
                    x -> x.addBufferReference(other), x -> other.addBufferReference(x), x -> x.expand(1));
            for (Consumer<EvBuffer> op : ops) {
                assertThatThrownBy(() -> op.accept(b)).isInstanceOf(IllegalStateException.class)
                        .hasMessage(b + " is closed");
            }
            assertThatThrownBy(() -> p.set(0)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(e::enable).isInstanceOf(IllegalStateException.class);
            assertThat(e.isEnabled()).isFalse();
        }
    }
}
