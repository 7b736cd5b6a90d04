package io.jevent.replay;

import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.Side;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libevent 2.1's evbuffer_add_buffer_reference, replayed: which sources it refuses (bytes it shares
 * from another buffer, wherever they moved; itself) and which it accepts (plain bytes, bytes a
 * partial move copied, an empty source whatever its ends). Where libevent returns -1, jevent
 * throws, shown here as -1.
 */
class EvBufferReferenceReplayTest {
    private static final Trace TRACE = Trace.load("evbuffer_reference");

    @TempDir
    Path dir;

    private static EvBuffer make(int n) {
        EvBuffer b = new EvBuffer();
        b.add("0123456789".substring(0, n), StandardCharsets.US_ASCII);
        return b;
    }

    private static String text(EvBuffer b) {
        byte[] bytes = new byte[(int) b.length()];
        b.copyOut(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** 0, or -1 when jevent refused (IllegalArgumentException for the source, IllegalStateException for a frozen end). */
    private static int reference(EvBuffer dst, EvBuffer src) {
        try {
            dst.addBufferReference(src);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException refused) {
            return -1;
        }
    }

    @Test
    void bytesSharedFromAnotherBufferAreNotSharedAgainWhereverTheyMove() {
        EvBuffer a = make(10);
        EvBuffer b = make(0);
        int r = reference(b, a);
        TRACE.same("reference-plain", r + " a-length=" + a.length() + " b-length=" + b.length() + " b=" + text(b));
        EvBuffer c = make(0);
        TRACE.same("reference-of-reference", reference(c, b) + " b-length=" + b.length() + " c-length=" + c.length());
        EvBuffer d = make(0);
        d.addBuffer(b);
        TRACE.same("add-buffer-moves-reference", "0 b-length=" + b.length() + " d-length=" + d.length() + " d=" + text(d));
        EvBuffer e = make(0);
        TRACE.same("reference-of-moved-reference", reference(e, d) + " d-length=" + d.length() + " e-length=" + e.length());

        EvBuffer h = make(10);
        EvBuffer b2 = make(0);
        b2.addBufferReference(h);
        EvBuffer f = make(0);
        long moved = b2.removeBuffer(f, 3);
        TRACE.same("remove-buffer-3-of-reference", moved + " b2-length=" + b2.length() + " f-length=" + f.length()
                + " b2=" + text(b2) + " f=" + text(f));
        EvBuffer g = make(0);
        TRACE.same("reference-of-partly-moved-reference",
                reference(g, f) + " f-length=" + f.length() + " g-length=" + g.length());
        EvBuffer y = make(0);
        TRACE.same("reference-of-rest-of-reference",
                reference(y, b2) + " b2-length=" + b2.length() + " y-length=" + y.length());
        for (EvBuffer x : new EvBuffer[] {a, b, c, d, e, h, b2, f, g, y}) {
            x.close();
        }
    }

    @Test
    void fileSegmentsAreSharedToo() throws IOException {
        Path p = Files.createTempFile(dir, "ten", ".txt");
        Files.writeString(p, "0123456789");
        try (EvBuffer fileb = new EvBuffer(); EvBuffer x = new EvBuffer()) {
            fileb.addFile(FileChannel.open(p, StandardOpenOption.READ), 0, 10);
            TRACE.same("add-file", "0 length=" + fileb.length());
            int r = reference(x, fileb);
            TRACE.differs("reference-of-file-segment", r + " file-length=" + fileb.length() + " x-length=" + x.length(),
                    "-1 file-length=10 x-length=0", "jevent shares file segments between buffers as it shares memory");
        }
    }

    @Test
    void anEmptySourceIsAcceptedBeforeAnythingIsChecked() {
        EvBuffer x = make(10);
        TRACE.same("reference-self-nonempty", reference(x, x) + " length=" + x.length());
        EvBuffer empty = make(0);
        TRACE.same("reference-self-empty", reference(empty, empty) + " length=" + empty.length());
        EvBuffer src = make(0);
        EvBuffer dst = make(5);
        TRACE.same("reference-empty-source", reference(dst, src) + " src-length=0 dst-length=" + dst.length());
        EvBuffer frozenDst = make(0);
        frozenDst.freeze(Side.END);
        TRACE.same("reference-empty-source-dst-end-frozen",
                reference(frozenDst, src) + " src-length=0 dst-length=" + frozenDst.length());
        EvBuffer frozenSrc = make(5);
        frozenSrc.freeze(Side.START);
        EvBuffer plainDst = make(0);
        TRACE.same("reference-src-start-frozen", reference(plainDst, frozenSrc) + " src-length=" + frozenSrc.length()
                + " dst-length=" + plainDst.length());
        EvBuffer five = make(5);
        TRACE.same("reference-dst-end-frozen", reference(frozenDst, five) + " src-length=" + five.length()
                + " dst-length=" + frozenDst.length());
        for (EvBuffer b : new EvBuffer[] {x, empty, src, dst, frozenDst, frozenSrc, plainDst, five}) {
            b.close();
        }
    }

    @Test
    void aReferenceOutlivesChangesToItsSource() {
        EvBuffer x = make(5);
        EvBuffer y = make(0);
        y.addBufferReference(x);
        x.drain(5);
        x.add("ab", StandardCharsets.US_ASCII);
        TRACE.same("reference-after-source-drained", "y-length=" + y.length() + " y=" + text(y) + " src=" + text(x));
        x.close();
        TRACE.same("reference-after-source-freed", "y-length=" + y.length() + " y=" + text(y));
        y.close();
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
