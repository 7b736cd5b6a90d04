package io.jevent.buffer;

import static io.jevent.buffer.Bytes.addPieces;
import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contents;
import static io.jevent.buffer.Bytes.contentsText;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Adding, removing, copying and making contiguous: the behaviour of libevent's test_evbuffer and friends. */
@ExtendWith(PoolHygiene.class)
class EvBufferTest {

    @Test
    void bytesComeOutInTheOrderTheyWentIn() {
        try (EvBuffer b = new EvBuffer(); EvBuffer two = new EvBuffer()) {
            assertThat(b.addPrintf("%s/%d", "hello", 1)).isEqualTo(7);
            assertThat(b.length()).isEqualTo(7);
            b.addBuffer(two);
            b.drain(6);
            assertThat(contentsText(b)).isEqualTo("1");
            two.addPrintf("%s", "/hello");
            b.addBuffer(two);
            assertThat(two.length()).isZero();
            assertThat(contentsText(b)).isEqualTo("1/hello");

            byte[] zeros = new byte[512];
            b.add(zeros);
            ByteBuffer all = b.pullup(7 + 512);
            assertThat(all.remaining()).isEqualTo(519);
            byte[] got = new byte[519];
            all.get(got);
            assertThat(Bytes.text(got)).startsWith("1/hello");
            b.prepend(ascii("something"));
            b.prepend(ascii("else"));
            assertThat(Bytes.text(bytesOf(b.pullup(20)))).isEqualTo("elsesomething1/hello");
        }
    }

    @Test
    void removeBufferMovesWholeSegmentsAndSplitsTheLast() {
        try (EvBuffer b = new EvBuffer(); EvBuffer two = new EvBuffer()) {
            byte[] data = alphabet(0, 512);
            for (int i = 0; i < 3; i++) {
                two.add(data);
                b.addBuffer(two);
            }
            assertThat(b.length()).isEqualTo(1536);
            assertThat(b.removeBuffer(two, 1280)).isEqualTo(1280);
            assertThat(two.length()).isEqualTo(1280);
            assertThat(b.length()).isEqualTo(256);
            assertThat(contents(b)).isEqualTo(Arrays.copyOfRange(data, 256, 512));
            assertThat(Arrays.copyOf(contents(two), 512)).isEqualTo(data);
        }
    }

    @Test
    void removeBufferCutsLargeSegmentsWithoutLosingBytesOnEitherSide() {
        byte[] data = alphabet(3, 50_000);
        for (int cut : new int[] {1, 100, 1023, 1024, 5000, 8191, 8192, 8193, 12_000, 16_383, 49_999, 50_000, 60_000}) {
            try (EvBuffer src = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
                dst.add(ascii("head:"));
                src.add(data);
                long moved = src.removeBuffer(dst, cut);
                int m = Math.min(cut, data.length);
                assertThat(moved).isEqualTo(m);
                assertThat(contents(dst)).isEqualTo(concat(ascii("head:"), Arrays.copyOf(data, m)));
                assertThat(contents(src)).isEqualTo(Arrays.copyOfRange(data, m, data.length));
                src.add(ascii("tail"));
                dst.add(ascii("more"));
                assertThat(Bytes.text(contents(src))).endsWith("tail");
                assertThat(Bytes.text(contents(dst))).endsWith("more");
            }
        }
    }

    @Test
    void removeBufferOfReferencedMemorySharesItAndCleansUpOnceBothSidesAreDone() {
        int[] cleanups = new int[1];
        try (EvBuffer src = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
            src.addReference(ByteBuffer.wrap(alphabet(0, 6000)), bb -> cleanups[0]++);
            src.removeBuffer(dst, 3000);
            assertThat(contents(dst)).isEqualTo(alphabet(0, 3000));
            assertThat(contents(src)).isEqualTo(alphabet(3000, 3000));
            src.drain(3000);
            assertThat(cleanups[0]).isZero();
            dst.drain(3000);
            assertThat(cleanups[0]).isEqualTo(1);
        }
        assertThat(cleanups[0]).isEqualTo(1);
    }

    @Test
    void removeBufferFromAnEmptyOrIntoItselfIsHandled() {
        try (EvBuffer src = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
            assertThat(src.removeBuffer(dst, 10)).isZero();
            addPieces(src, "", "abc");
            assertThat(src.removeBuffer(dst, 0)).isZero();
            assertThat(src.removeBuffer(dst, 10)).isEqualTo(3);
            assertThat(contentsText(dst)).isEqualTo("abc");
        }
    }

    @Test
    void addAfterExpandNeedsNoNewSegment() {
        try (EvBuffer b = new EvBuffer()) {
            b.expand(20_000);
            assertThat(b.length()).isZero();
            b.add(alphabet(0, 1024));
            b.expand(1024);
            b.add(ascii("2"));
            b.addPrintf("3");
            assertThat(contentsText(b)).endsWith("23").hasSize(1026);
            b.add(alphabet(0, 19_000));
            assertThat(b.length()).isEqualTo(20_026);
        }
    }

    @Test
    void addRealignsAShortTailInsteadOfTakingANewSegment() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(alphabet(0, 8191));
            b.drain(8190);
            assertThat(b.contiguousSpace()).isEqualTo(1);
            b.add(alphabet(1, 40));
            assertThat(b.contiguousSpace()).isEqualTo(41);
            assertThat(contents(b)).isEqualTo(alphabet(8190, 41));
        }
    }

    @Test
    void smallAddsThenPullupReturnsThemInOrder() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("1"));
            b.expand(2048);
            b.add(ascii("2"));
            b.addReference(ByteBuffer.wrap(ascii("3")), null);
            b.addPrintf("4");
            assertThat(Bytes.text(bytesOf(b.pullup(-1)))).isEqualTo("1234");
        }
    }

    @Test
    void prependFillsTheRoomBeforeTheFirstByteThenNewSegments() {
        try (EvBuffer b = new EvBuffer(); EvBuffer other = new EvBuffer()) {
            b.prepend(ascii("This string has 29 characters"));
            b.prepend(ascii("Short."));
            b.drain(6 + 11);
            b.prepend(ascii("it"));
            b.prepend(ascii("It is no longer true to say "));
            assertThat(contentsText(b)).isEqualTo("It is no longer true to say it has 29 characters");
            b.drain(b.length());

            b.addPrintf("Here is string %d. ", 999);
            other.prependBuffer(b);
            b.addPrintf("Here is string %d. ", 1000);
            other.prependBuffer(b);
            assertThat(contentsText(other)).isEqualTo("Here is string 1000. Here is string 999. ");

            byte[] big = alphabet(0, 8096);
            other.drain(other.length());
            other.prepend(ascii("foo"));
            other.prepend(big);
            assertThat(contents(other)).isEqualTo(concat(big, ascii("foo")));
            other.prepend(ByteBuffer.wrap(alphabet(5, 20_000)));
            assertThat(contents(other)).isEqualTo(concat(alphabet(5, 20_000), big, ascii("foo")));
        }
    }

    @Test
    void prependDoesNotWriteIntoReferencedMemory() {
        byte[] chunk = ascii("If you have found the answer");
        try (EvBuffer b = new EvBuffer()) {
            b.addReference(ByteBuffer.wrap(chunk), null);
            b.drain(11);
            b.prepend(ascii("I have "));
            assertThat(Bytes.text(chunk)).isEqualTo("If you have found the answer");
            assertThat(contentsText(b)).isEqualTo("I have  found the answer");
        }
    }

    @Test
    void copyOutLeavesTheBufferAsItWasAndStopsAtTheEnd() {
        String s = "Still they skirmish to and fro, men my messmates on the snow When we headed off the aurochs "
                + "turn for turn; When the rich Allobrogenses never kept amanuenses, And our only plots were "
                + "piled in lakes at Berne.";
        byte[] all = ascii(s);
        try (EvBuffer b = new EvBuffer()) {
            b.addReference(ByteBuffer.wrap(all, 0, 80), null);
            b.addReference(ByteBuffer.wrap(all, 80, 80), null);
            b.add(all, 160, all.length - 160);
            byte[] tmp = new byte[1024];
            assertThat(b.copyOut(tmp, 0, 10)).isEqualTo(10);
            assertThat(Bytes.text(tmp).substring(0, 10)).isEqualTo("Still they");
            assertThat(b.copyOut(tmp, 0, 100)).isEqualTo(100);
            assertThat(b.copyOut(tmp, 0, 230)).isEqualTo(all.length);
            assertThat(Arrays.copyOf(tmp, all.length)).isEqualTo(all);
            assertThat(b.length()).isEqualTo(all.length);

            EvBufferPtr p = b.ptr();
            p.set(15);
            for (int n : new int[] {10, 65, 90, 160, 999}) {
                int got = p.copyOut(tmp, 0, n);
                int expect = Math.min(n, all.length - 15);
                assertThat(got).isEqualTo(expect);
                assertThat(Arrays.copyOf(tmp, got)).isEqualTo(Arrays.copyOfRange(all, 15, 15 + got));
            }
            ByteBuffer dst = ByteBuffer.allocate(30);
            assertThat(p.copyOut(dst)).isEqualTo(30);
            assertThat(dst.position()).isEqualTo(30);
            assertThat(b.length()).isEqualTo(all.length);
        }
    }

    @Test
    void removeIntoAByteBufferAdvancesItAndDrains() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(alphabet(0, 20_000));
            ByteBuffer dst = ByteBuffer.allocateDirect(15_000);
            dst.position(1000);
            assertThat(b.remove(dst)).isEqualTo(14_000);
            assertThat(dst.position()).isEqualTo(15_000);
            assertThat(b.length()).isEqualTo(6000);
            assertThat(contents(b)).isEqualTo(alphabet(14_000, 6000));
            assertThat(b.copyOut(ByteBuffer.allocate(10))).isEqualTo(10);
            byte[] rest = new byte[10_000];
            assertThat(b.remove(rest)).isEqualTo(6000);
            assertThat(b.length()).isZero();
        }
    }

    @Test
    void drainIsClampedToTheLength() {
        try (EvBuffer b = new EvBuffer()) {
            assertThat(b.drain(5)).isZero();
            b.add(alphabet(0, 30_000));
            assertThat(b.drain(29_000)).isEqualTo(29_000);
            assertThat(b.drain(Long.MAX_VALUE)).isEqualTo(1000);
            assertThat(b.length()).isZero();
            b.add(ascii("again"));
            assertThat(contentsText(b)).isEqualTo("again");
        }
    }

    @Test
    void pullupReturnsNullForNothingOrTooMuchAndCopiesOnlyWhenSplit() {
        try (EvBuffer b = new EvBuffer()) {
            assertThat(b.pullup(-1)).isNull();
            assertThat(b.pullup(0)).isNull();
            addPieces(b, "abc", "def", "ghi");
            assertThat(b.pullup(10)).isNull();
            assertThat(b.contiguousSpace()).isEqualTo(3);
            ByteBuffer first = b.pullup(2);
            assertThat(first.isReadOnly()).isTrue();
            assertThat(Bytes.text(bytesOf(first))).isEqualTo("ab");
            assertThat(Bytes.text(bytesOf(b.pullup(5)))).isEqualTo("abcde");
            assertThat(b.contiguousSpace()).isEqualTo(5);
            assertThat(contentsText(b)).isEqualTo("abcdefghi");
            b.add(alphabet(0, 30_000));
            ByteBuffer all = b.pullup(-1);
            assertThat(all.remaining()).isEqualTo(30_009);
            assertThat(b.contiguousSpace()).isEqualTo(30_009);
            assertThat(Bytes.text(bytesOf(all))).startsWith("abcdefghiabc");
        }
    }

    @Test
    void pullupGrowsAWritableHeadInPlace() {
        try (EvBuffer b = new EvBuffer(); EvBuffer tail = new EvBuffer()) {
            b.add(ascii("head"));
            tail.add(alphabet(0, 2000));
            b.prependBuffer(tail);
            b.add(alphabet(7, 3000));
            assertThat(b.pullup(2500).remaining()).isEqualTo(2500);
            assertThat(contents(b)).isEqualTo(concat(alphabet(0, 2000), ascii("head"), alphabet(7, 3000)));
        }
    }

    @Test
    void addTextEncodesLikeTheJdk() {
        String[] samples = {"plain", "caf\u00e9 \u20ac", "\ud83d\ude00 smile", "lone \ud800 high", "lone \udc00 low",
            "end high \ud83d", "\u0100\u00ff mixed"};
        for (var cs : new java.nio.charset.Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
            StandardCharsets.US_ASCII, StandardCharsets.UTF_16BE}) {
            for (String s : samples) {
                try (EvBuffer b = new EvBuffer()) {
                    b.add(s, cs);
                    assertThat(contents(b)).as(cs + " " + s).isEqualTo(s.getBytes(cs));
                }
            }
        }
    }

    @Test
    void addTextContinuesMultiByteCharactersAcrossSegments() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append(i % 3 == 0 ? "\ud83d\ude00" : i % 3 == 1 ? "\u20ac" : "x");
        }
        String s = sb.toString();
        for (int offset = 0; offset < 5; offset++) {
            try (EvBuffer b = new EvBuffer()) {
                b.add(alphabet(0, 8190 + offset));
                b.add(s, StandardCharsets.UTF_8);
                b.drain(8190 + offset);
                assertThat(contents(b)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void addByteBufferConsumesItsRemainingBytes() {
        try (EvBuffer b = new EvBuffer()) {
            ByteBuffer src = ByteBuffer.wrap(alphabet(0, 10_000));
            src.position(100).limit(9000);
            b.add(src);
            assertThat(src.position()).isEqualTo(9000);
            assertThat(contents(b)).isEqualTo(alphabet(100, 8900));
        }
    }

    @Test
    void addBufferCopiesASmallHeadIntoTheTailInsteadOfHoldingAnotherSegment() {
        try (EvBuffer b = new EvBuffer(); EvBuffer msg = new EvBuffer()) {
            for (int i = 0; i < 100; i++) {
                msg.add(ascii("message " + i + "\n"));
                b.addBuffer(msg);
            }
            assertThat(b.peek(-1, null)).isEqualTo(1);
            String text = contentsText(b);
            assertThat(text).startsWith("message 0\n").endsWith("message 99\n");
        }
    }

    static byte[] bytesOf(ByteBuffer view) {
        byte[] out = new byte[view.remaining()];
        view.duplicate().get(out);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
