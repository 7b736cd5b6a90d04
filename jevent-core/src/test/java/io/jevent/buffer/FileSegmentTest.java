package io.jevent.buffer;

import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.SocketPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Files added with addFile: libevent's test_evbuffer_add_file family, on real temporary files. */
@ExtendWith(PoolHygiene.class)
class FileSegmentTest {
    @TempDir
    Path dir;

    private FileChannel file(byte[] content) throws IOException {
        Path p = Files.createTempFile(dir, "seg", ".bin");
        Files.write(p, content);
        return FileChannel.open(p, StandardOpenOption.READ);
    }

    @Test
    void aFileIsSentToASocketWithTransferToAndClosedAfterwards() throws Exception {
        byte[] content = alphabet(0, 300_000);
        FileChannel f = file(content);
        try (SocketPair pair = SocketPair.open(); EvBuffer out = new EvBuffer(); EvBuffer in = new EvBuffer()) {
            out.add(ascii("HEADER\n"));
            out.addFile(f, 0, -1);
            out.add(ascii("\nTRAILER"));
            long total = out.length();
            pair.pump(out, in, total);
            assertThat(in.readLine(EolStyle.LF)).isEqualTo(ascii("HEADER"));
            byte[] body = new byte[content.length];
            in.remove(body);
            assertThat(body).isEqualTo(content);
            assertThat(Bytes.contentsText(in)).isEqualTo("\nTRAILER");
            assertThat(f.isOpen()).isFalse();
        }
    }

    @Test
    void aFileRangeIsReadIntoMemoryWhenItsBytesAreLookedAt() throws Exception {
        byte[] content = alphabet(0, 50_000);
        FileChannel f = file(content);
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii(">"));
            b.addFile(f, 1000, 20_000);
            assertThat(b.length()).isEqualTo(20_001);
            assertThat(b.search(ascii("xyz"))).isEqualTo(1 + (23 - 1000 % 26 + 26) % 26);
            assertThat(f.isOpen()).as("read into memory, the file is no longer needed").isFalse();
            byte[] range = Arrays.copyOfRange(content, 1000, 21_000);
            assertThat(contents(b)).isEqualTo(EvBufferTest.concat(ascii(">"), range));
        }
    }

    @Test
    void onlyTheNeededPartOfABufferIsLoaded() throws Exception {
        FileChannel f1 = file(alphabet(0, 100));
        FileChannel f2 = file(alphabet(5, 100));
        try (EvBuffer b = new EvBuffer()) {
            b.addFile(f1, 0, 100);
            b.addFile(f2, 0, 100);
            byte[] first = new byte[50];
            assertThat(b.copyOut(first)).isEqualTo(50);
            assertThat(first).isEqualTo(alphabet(0, 50));
            assertThat(f1.isOpen()).isFalse();
            assertThat(f2.isOpen()).isTrue();
            assertThat(b.pullup(-1).remaining()).isEqualTo(200);
            assertThat(f2.isOpen()).isFalse();
        }
    }

    @Test
    void fileSegmentsMoveAndSplitBetweenBuffersAndAreSharedUntilTheLastOneGoes() throws Exception {
        byte[] content = alphabet(0, 40_000);
        FileChannel f = file(content);
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer(); EvBuffer c = new EvBuffer()) {
            a.addFile(f, 0, content.length);
            assertThat(a.removeBuffer(b, 15_000)).isEqualTo(15_000);
            c.addBufferReference(a);
            a.drain(a.length());
            assertThat(f.isOpen()).isTrue();
            try (SocketPair pair = SocketPair.open(); EvBuffer in = new EvBuffer()) {
                pair.pump(b, in, 15_000);
                assertThat(contents(in)).isEqualTo(Arrays.copyOf(content, 15_000));
                in.drain(in.length());
                assertThat(f.isOpen()).isTrue();
                pair.pump(c, in, 25_000);
                assertThat(contents(in)).isEqualTo(Arrays.copyOfRange(content, 15_000, 40_000));
            }
            assertThat(f.isOpen()).isFalse();
        }
    }

    @Test
    void closingABufferClosesItsFiles() throws Exception {
        FileChannel f = file(alphabet(0, 10));
        EvBuffer b = new EvBuffer();
        b.addFile(f, 2, 5);
        b.close();
        assertThat(f.isOpen()).isFalse();
    }

    @Test
    void anEmptyFileRangeAddsNothingAndClosesTheFile() throws Exception {
        FileChannel f = file(alphabet(0, 10));
        try (EvBuffer b = new EvBuffer()) {
            b.addFile(f, 10, -1);
            assertThat(b.length()).isZero();
            assertThat(f.isOpen()).isFalse();
        }
    }

    @Test
    void aRangePastTheEndOfTheFileIsRefusedAndTheFileStaysTheCallers() throws Exception {
        FileChannel f = file(alphabet(0, 10));
        try (EvBuffer b = new EvBuffer()) {
            assertThatThrownBy(() -> b.addFile(f, 5, 6))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 10");
            assertThatThrownBy(() -> b.addFile(f, 11, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> b.addFile(f, -1, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
            assertThat(f.isOpen()).isTrue();
        } finally {
            f.close();
        }
    }

    @Test
    void aFileThatShrankReportsTheErrorAndLeavesTheBufferAsItWas() throws Exception {
        Path p = Files.createTempFile(dir, "shrink", ".bin");
        Files.write(p, alphabet(0, 1000));
        FileChannel f = FileChannel.open(p, StandardOpenOption.READ);
        try (EvBuffer b = new EvBuffer()) {
            b.addFile(f, 0, 1000);
            try (FileChannel w = FileChannel.open(p, StandardOpenOption.WRITE)) {
                w.truncate(100);
            }
            assertThatThrownBy(() -> b.copyOut(new byte[1000]))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("file segment");
            assertThat(b.length()).isEqualTo(1000);
            assertThat(b.drain(1000)).isEqualTo(1000);
            assertThat(f.isOpen()).isFalse();
        }
    }

    @Test
    void writingAFileToAnotherFileUsesTransferTo() throws Exception {
        byte[] content = alphabet(0, 70_000);
        FileChannel f = file(content);
        Path target = dir.resolve("copy.bin");
        try (EvBuffer b = new EvBuffer();
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            b.add(ascii("[")).addFile(f, 0, -1).add(ascii("]"));
            while (b.length() > 0) {
                b.write(out);
            }
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(EvBufferTest.concat(ascii("["), content, ascii("]")));
    }

    @Test
    void aFileSegmentCanBeDrainedPartlyBeforeItIsSent() throws Exception {
        byte[] content = alphabet(0, 9000);
        FileChannel f = file(content);
        try (EvBuffer b = new EvBuffer(); SocketPair pair = SocketPair.open(); EvBuffer in = new EvBuffer()) {
            b.addFile(f, 0, -1);
            b.drain(4000);
            pair.pump(b, in, 5000);
            assertThat(contents(in)).isEqualTo(Arrays.copyOfRange(content, 4000, 9000));
            ByteBuffer none = ByteBuffer.allocate(0);
            assertThat(in.copyOut(none)).isZero();
        }
    }
}
