package io.jevent.buffer;

import static io.jevent.buffer.Bytes.addPieces;
import static io.jevent.buffer.Bytes.alphabet;
import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contentsText;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** readLine and searchEol with the five end-of-line styles: libevent's test_evbuffer_readln and _search_eol. */
@ExtendWith(PoolHygiene.class)
class ReadLineTest {

    private static String line(EvBuffer b, EolStyle style) {
        byte[] l = b.readLine(style);
        return l == null ? null : Bytes.text(l);
    }

    @Test
    void anyStyleTakesEveryRunOfCrAndLfAsOneEndOfLine() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("complex silly newline\r\n\n\r\n\n\rmore\0\n"));
            assertThat(line(b, EolStyle.ANY)).isEqualTo("complex silly newline");
            assertThat(line(b, EolStyle.ANY)).isEqualTo("more\0");
            assertThat(b.length()).isZero();
            b.add(ascii("\nno newline"));
            assertThat(line(b, EolStyle.ANY)).isEmpty();
            assertThat(line(b, EolStyle.ANY)).isNull();
            assertThat(contentsText(b)).isEqualTo("no newline");
        }
    }

    @Test
    void anyStyleEndsALineAtACrThatIsTheLastByte() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("first\r"));
            assertThat(line(b, EolStyle.ANY)).isEqualTo("first");
            b.add(ascii("\nsecond\n"));
            assertThat(line(b, EolStyle.ANY)).isEmpty();
            assertThat(line(b, EolStyle.ANY)).isEqualTo("second");
        }
    }

    @Test
    void crlfStyleAcceptsAnOptionalCrBeforeLf() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("Line with\rin the middle\nLine with good crlf\r\n\nfinal\n"));
            assertThat(line(b, EolStyle.CRLF)).isEqualTo("Line with\rin the middle");
            assertThat(line(b, EolStyle.CRLF)).isEqualTo("Line with good crlf");
            assertThat(line(b, EolStyle.CRLF)).isEmpty();
            assertThat(line(b, EolStyle.CRLF)).isEqualTo("final");
            b.add(ascii("x"));
            assertThat(line(b, EolStyle.CRLF)).isNull();
            b.add(ascii("\r"));
            assertThat(line(b, EolStyle.CRLF)).as("a CR at the very end is not an end of line yet").isNull();
            assertThat(contentsText(b)).isEqualTo("x\r");
            b.add(ascii("\n"));
            assertThat(line(b, EolStyle.CRLF)).isEqualTo("x");
        }
    }

    @Test
    void crlfStrictStyleNeedsCrAndLfTogether() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("x and a bad crlf\nand a good one\r\n\r\nMore\r"));
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEqualTo("x and a bad crlf\nand a good one");
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEmpty();
            assertThat(line(b, EolStyle.CRLF_STRICT)).isNull();
            b.add(ascii("\n"));
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEqualTo("More");
            assertThat(b.length()).isZero();
            b.add(ascii("An internal CR\r is not an eol\r\nNor is a lack of one"));
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEqualTo("An internal CR\r is not an eol");
            assertThat(line(b, EolStyle.CRLF_STRICT)).isNull();
            b.add(ascii("\r\n"));
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEqualTo("Nor is a lack of one");
        }
    }

    @Test
    void lfStyleKeepsACrInTheLine() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("An\rand a nl\n\nText"));
            assertThat(line(b, EolStyle.LF)).isEqualTo("An\rand a nl");
            assertThat(line(b, EolStyle.LF)).isEmpty();
            assertThat(line(b, EolStyle.LF)).isNull();
            b.add(ascii("\n"));
            assertThat(line(b, EolStyle.LF)).isEqualTo("Text");
        }
    }

    @Test
    void nulStyleSplitsAtZeroBytes() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("NUL\n\0\0The all-zeros character which may serve\0to accomplish time fill\0and media fill"));
            assertThat(line(b, EolStyle.NUL)).isEqualTo("NUL\n");
            assertThat(line(b, EolStyle.NUL)).isEmpty();
            assertThat(line(b, EolStyle.NUL)).isEqualTo("The all-zeros character which may serve");
            assertThat(line(b, EolStyle.NUL)).isEqualTo("to accomplish time fill");
            assertThat(line(b, EolStyle.NUL)).isNull();
        }
    }

    @Test
    void linesAndTheirEndsMaySpanSegments() {
        try (EvBuffer b = new EvBuffer()) {
            addPieces(b, " and a bad crlf\nand a good one\r", "\n\r", "\nMore\r");
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEqualTo(" and a bad crlf\nand a good one");
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEmpty();
            assertThat(line(b, EolStyle.CRLF_STRICT)).isNull();
            b.add(ascii("\n"));
            assertThat(line(b, EolStyle.CRLF_STRICT)).isEqualTo("More");

            addPieces(b, "crlf split\r", "\nnext", " line\r", "\r\n", "\n\r", "\ndone");
            assertThat(line(b, EolStyle.CRLF)).isEqualTo("crlf split");
            assertThat(line(b, EolStyle.CRLF)).isEqualTo("next line\r");
            assertThat(line(b, EolStyle.ANY)).isEmpty();
            assertThat(line(b, EolStyle.ANY)).isNull();
            assertThat(contentsText(b)).isEqualTo("done");
        }
    }

    @Test
    void aLongLineAcrossManySegmentsComesBackWhole() {
        try (EvBuffer b = new EvBuffer()) {
            byte[] text = alphabet(0, 70_000);
            b.add(text);
            b.add(ascii("\r\nrest"));
            assertThat(b.readLine(EolStyle.CRLF)).isEqualTo(text);
            assertThat(contentsText(b)).isEqualTo("rest");
        }
    }

    @Test
    void readLineAsStringDecodesWithTheCharset() {
        try (EvBuffer b = new EvBuffer()) {
            b.add("caf\u00e9 \u20ac\r\n\u00e9t\u00e9\n", StandardCharsets.UTF_8);
            assertThat(b.readLine(EolStyle.CRLF, StandardCharsets.UTF_8)).isEqualTo("caf\u00e9 \u20ac");
            assertThat(b.readLine(EolStyle.LF, StandardCharsets.UTF_8)).isEqualTo("\u00e9t\u00e9");
            assertThat(b.readLine(EolStyle.LF, StandardCharsets.UTF_8)).isNull();
            addPieces(b, "split ", "over ", "pieces\n");
            assertThat(b.readLine(EolStyle.LF, StandardCharsets.US_ASCII)).isEqualTo("split over pieces");
            b.add(alphabet(0, 1000));
            b.add(ascii("\n"));
            assertThat(b.readLine(EolStyle.LF, StandardCharsets.US_ASCII)).isEqualTo(Bytes.text(alphabet(0, 1000)));
        }
    }

    @Test
    void readLineIntoABufferMovesTheLineAndDropsItsEnd() {
        try (EvBuffer b = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
            b.add(ascii("one\r\ntwo\r\n"));
            b.add(alphabet(0, 20_000));
            b.add(ascii("\r\npartial"));
            assertThat(b.readLine(EolStyle.CRLF, dst)).isEqualTo(3);
            assertThat(b.readLine(EolStyle.CRLF, dst)).isEqualTo(3);
            assertThat(contentsText(dst)).isEqualTo("onetwo");
            dst.drain(dst.length());
            assertThat(b.readLine(EolStyle.CRLF, dst)).isEqualTo(20_000);
            assertThat(Bytes.contents(dst)).isEqualTo(alphabet(0, 20_000));
            assertThat(b.readLine(EolStyle.CRLF, dst)).isEqualTo(-1);
            assertThat(contentsText(b)).isEqualTo("partial");
        }
    }

    @ParameterizedTest
    @EnumSource(EolStyle.class)
    void anIncompleteLineLeavesTheBufferUntouched(EolStyle style) {
        try (EvBuffer b = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
            addPieces(b, "no end ", "of line", style == EolStyle.CRLF_STRICT ? "\r" : "");
            String before = contentsText(b);
            assertThat(b.readLine(style)).isNull();
            assertThat(b.readLine(style, StandardCharsets.UTF_8)).isNull();
            assertThat(b.readLine(style, dst)).isEqualTo(-1);
            assertThat(contentsText(b)).isEqualTo(before);
            assertThat(dst.length()).isZero();
        }
    }

    @Test
    void searchEolReportsWhereAndHowLongTheEndOfLineIs() {
        try (EvBuffer b = new EvBuffer()) {
            b.add(ascii("string! \r\n\r\nx\n"));
            EvBufferPtr p = b.ptr();
            assertThat(p.searchEol(EolStyle.CRLF)).isEqualTo(2);
            assertThat(p.position()).isEqualTo(8);
            assertThat(p.searchEol(EolStyle.CRLF)).as("searching again finds the same").isEqualTo(2);
            assertThat(p.position()).isEqualTo(8);
            p.add(1);
            assertThat(p.searchEol(EolStyle.CRLF)).as("a CR before the start is not looked at").isEqualTo(1);
            assertThat(p.position()).isEqualTo(9);

            p.set(9);
            assertThat(p.searchEol(EolStyle.CRLF_STRICT)).isEqualTo(2);
            assertThat(p.position()).isEqualTo(10);

            p.set(0);
            assertThat(p.searchEol(EolStyle.LF)).isEqualTo(1);
            assertThat(p.position()).isEqualTo(9);
            p.add(1);
            assertThat(p.searchEol(EolStyle.LF)).isEqualTo(1);
            assertThat(p.position()).isEqualTo(11);

            assertThat(p.set(b.length())).isTrue();
            assertThat(p.searchEol(EolStyle.LF)).isEqualTo(-1);
            assertThat(p.position()).isEqualTo(b.length());

            p.set(0);
            assertThat(p.searchEol(EolStyle.ANY)).isEqualTo(4);
            assertThat(p.position()).isEqualTo(8);
        }
    }

    @Test
    void searchEolFindsACrlfWhoseCrEndsTheSegmentBefore() {
        try (EvBuffer b = new EvBuffer()) {
            addPieces(b, "abc\r", "\ndef");
            EvBufferPtr p = b.ptr();
            assertThat(p.searchEol(EolStyle.CRLF)).isEqualTo(2);
            assertThat(p.position()).isEqualTo(3);
            p.set(4);
            assertThat(p.searchEol(EolStyle.CRLF)).isEqualTo(1);
            assertThat(p.position()).isEqualTo(4);
        }
    }

    @Test
    void highBytesDecodeExactlyAsTheJdkDecodesThem() {
        byte[] line = {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x80, (byte) 0xFF, 'x'};
        for (var cs : new java.nio.charset.Charset[] {StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII,
            StandardCharsets.UTF_8}) {
            try (EvBuffer b = new EvBuffer()) {
                b.add(line).add(ascii("\n"));
                assertThat(b.readLine(EolStyle.LF, cs)).as(cs.name()).isEqualTo(new String(line, cs));
            }
        }
    }
}
