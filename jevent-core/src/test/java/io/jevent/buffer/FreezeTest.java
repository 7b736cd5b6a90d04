package io.jevent.buffer;

import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contentsText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.SocketPair;
import io.jevent.buffer.internal.BufferPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen ends: libevent's test_evbuffer_freeze, except that an operation on a frozen end throws an
 * exception that says which end and what to do, where libevent returns -1 (the trap of the pool article, in
 * which draining a BufferEvent's output silently did nothing).
 */
@ExtendWith(PoolHygiene.class)
class FreezeTest {
    private static final String POEM = "I've known the wind by water banks to shake\n"
            + "The late leaves down, which frozen where they fell\n";

    @TempDir
    Path dir;

    private static void assertFrozen(Executable op, String end) {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, op);
        assertThat(e).hasMessageContaining("the " + end + " of").hasMessageContaining("is frozen");
    }

    @Test
    void aFrozenEndRefusesEveryWayOfAddingAndNothingElse() throws Exception {
        try (EvBuffer b = new EvBuffer(); EvBuffer tmp = new EvBuffer(); SocketPair pair = SocketPair.open()) {
            b.add(ascii(POEM));
            tmp.add(ascii("xyz"));
            b.freeze(Side.END);
            ByteBuffer[] v = new ByteBuffer[1];
            assertFrozen(() -> b.add(ascii("abc"), 0, 0), "end");
            assertFrozen(() -> b.add(ByteBuffer.wrap(ascii("abc"))), "end");
            assertFrozen(() -> b.add("abc", StandardCharsets.UTF_8), "end");
            assertFrozen(() -> b.addPrintf("Hello %s", "world"), "end");
            assertFrozen(() -> b.reserve(10, v), "end");
            assertFrozen(() -> b.commit(v, 0), "end");
            assertFrozen(() -> b.addReference(ByteBuffer.wrap(ascii("abc")), null), "end");
            assertFrozen(() -> b.addBuffer(tmp), "end");
            assertFrozen(() -> b.addBufferReference(tmp), "end");
            assertFrozen(() -> tmp.removeBuffer(b, 1), "end");
            assertFrozen(() -> tmp.readLine(EolStyle.ANY, b), "end");
            FileChannel f = file("file_freeze_test_file");
            assertFrozen(() -> b.addFile(f, 0, -1), "end");
            assertThat(f.isOpen()).as("a refused file stays the caller's").isTrue();
            f.close();
            tmp.write(pair.left);
            assertFrozen(() -> b.read(pair.right, -1), "end");
            assertThat(contentsText(b)).isEqualTo(POEM);

            byte[] one = new byte[1];
            assertThat(b.remove(one)).isEqualTo(1);
            assertThat(b.drain(3)).isEqualTo(3);
            b.prepend(ascii("dummy"));
            assertThat(b.readLine(EolStyle.LF)).isNotNull();
            b.prependBuffer(tmp);
            assertThat(b.write(pair.left)).isPositive();

            b.unfreeze(Side.END);
            b.add(ascii("!"));
            assertThat(contentsText(b)).endsWith("!");
        }
    }

    @Test
    void aFrozenStartRefusesEveryWayOfRemovingOrPrepending() throws Exception {
        try (EvBuffer b = new EvBuffer(); EvBuffer tmp = new EvBuffer(); SocketPair pair = SocketPair.open()) {
            b.add(ascii(POEM));
            tmp.add(ascii("xyz"));
            b.freeze(Side.START);
            assertFrozen(() -> b.remove(new byte[1]), "start");
            assertFrozen(() -> b.remove(ByteBuffer.allocate(1)), "start");
            assertFrozen(() -> b.drain(3), "start");
            assertFrozen(() -> b.drain(0), "start");
            assertFrozen(() -> b.prepend(ascii("dummy")), "start");
            assertFrozen(() -> b.prepend(ByteBuffer.wrap(ascii("dummy"))), "start");
            assertFrozen(() -> b.readLine(EolStyle.LF), "start");
            assertFrozen(() -> b.readLine(EolStyle.LF, StandardCharsets.UTF_8), "start");
            assertFrozen(() -> b.readLine(EolStyle.LF, tmp), "start");
            assertFrozen(() -> b.removeBuffer(tmp, 3), "start");
            assertFrozen(() -> b.prependBuffer(tmp), "start");
            assertFrozen(() -> tmp.addBuffer(b), "start");
            assertFrozen(() -> tmp.prependBuffer(b), "start");
            assertFrozen(() -> b.write(pair.left), "start");
            assertFrozen(() -> b.writeAtMost(pair.left, -1), "start");
            assertThat(contentsText(b)).isEqualTo(POEM);

            byte[] copy = new byte[5];
            assertThat(b.copyOut(copy)).as("copying changes nothing, so a frozen start allows it").isEqualTo(5);
            assertThat(b.search(ascii("wind"))).isEqualTo(15);
            assertThat(b.pullup(10)).isNotNull();
            b.add(ascii("more"));
            tmp.addBufferReference(b);
            assertThat(tmp.length()).isEqualTo(3 + POEM.length() + 4);

            b.unfreeze(Side.START);
            assertThat(b.drain(3)).isEqualTo(3);
        }
    }

    @Test
    void theMessageSaysHowToGetOut() {
        try (EvBuffer b = new EvBuffer(); EvBuffer src = new EvBuffer()) {
            b.add(new byte[1]);
            b.freeze(Side.START);
            assertThatThrownBy(() -> b.drain(1)).hasMessage("drain: the start of this EvBuffer is frozen;"
                    + " call unfreeze(Side.START) first to remove or prepend bytes");
            src.add(new byte[1]);
            src.freeze(Side.START);
            assertThatThrownBy(() -> b.addBuffer(src)).hasMessage("addBuffer: the start of the source EvBuffer is"
                    + " frozen; call unfreeze(Side.START) first to remove or prepend bytes");
            b.freeze(Side.END);
            assertThatThrownBy(() -> b.add(new byte[1]))
                    .hasMessage("add: the end of this EvBuffer is frozen; call unfreeze(Side.END) first to add bytes");
        }
    }

    @Test
    void theOwnerOfAnEndExplainsItselfAndAloneMayUseThatEnd() throws IOException {
        try (EvBuffer output = new EvBuffer(); EvBuffer input = new EvBuffer(); SocketPair pair = SocketPair.open()) {
            BufferPort sender = BufferPort.holdStart(output, "its BufferEvent, which removes output as it writes"
                    + " it; use reuse() to discard pending output", null);
            output.add(ascii("queued"));
            assertThatThrownBy(() -> output.drain(output.length())).hasMessage("drain: the start of this EvBuffer is"
                    + " frozen by its BufferEvent, which removes output as it writes it; use reuse() to discard"
                    + " pending output");
            assertThatThrownBy(() -> output.unfreeze(Side.START)).hasMessageContaining("held by its BufferEvent");
            assertThat(sender.write(pair.left, Long.MAX_VALUE)).isEqualTo(6);

            BufferPort reader = BufferPort.holdEnd(input, "its BufferEvent", null);
            assertThatThrownBy(() -> input.add(new byte[1])).hasMessageContaining("frozen by its BufferEvent");
            assertThatThrownBy(() -> BufferPort.holdEnd(input, "another", null))
                    .hasMessageContaining("already has an owner: its BufferEvent");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (input.length() < 6 && System.nanoTime() < deadline) {
                reader.read(pair.right, -1);
            }
            assertThat(contentsText(input)).isEqualTo("queued");
            reader.release();
            input.add(new byte[1]);
            sender.release();
        }
    }

    private FileChannel file(String content) throws IOException {
        Path p = Files.createTempFile(dir, "freeze", ".txt");
        Files.writeString(p, content);
        return FileChannel.open(p, StandardOpenOption.READ);
    }
}
