package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays libevent 2.1.12's encoders, decoders, HTML escaper and query parsers on every string of
 * {@code encoding.c} against {@link UriCodec} and {@link QueryString}, byte for byte.
 */
class UriCodecLibeventTest {
    @Test
    void encodesDecodesAndParsesQueriesAsLibeventDoes() throws IOException {
        Recorded rec = new Recorded("encoding");
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        while (rec.hasNext()) {
            byte[] in = rec.take("input").bytes();
            String text = utf8(in);
            cases++;
            check(mismatches, in, "encode_uri", rec, text == null ? null : UriCodec.encodeUri(text));
            check(mismatches, in, "uriencode", rec, UriCodec.uriEncode(in, false));
            check(mismatches, in, "uriencode-plus", rec, UriCodec.uriEncode(in, true));
            // evhttp_decode_uri returns a C string: a decoded NUL ends it.
            checkBytes(mismatches, in, "decode_uri", rec, untilNul(UriCodec.decode(in, -1)));
            checkBytes(mismatches, in, "uridecode", rec, UriCodec.uriDecode(in, false));
            checkBytes(mismatches, in, "uridecode-plus", rec, UriCodec.uriDecode(in, true));
            Recorded.Line html = rec.take("htmlescape");
            if (text != null && !UriCodec.htmlEscape(text).equals(utf8(html.bytes()))) {
                mismatches.add(text + ": htmlescape");
            }
            checkQuery(mismatches, text, rec, "parse_query_str", text == null ? null : QueryString.parse(text));
            checkQuery(mismatches, text, rec, "parse_query", text == null ? null : QueryString.parseUri(text));
        }
        assertThat(cases).isGreaterThan(40);
        assertThat(mismatches).isEmpty();
    }

    private static void check(List<String> mismatches, byte[] in, String key, Recorded rec, String actual) {
        Recorded.Line line = rec.take(key);
        if (actual != null && !actual.equals(line.latin1())) {
            mismatches.add(new String(in, StandardCharsets.ISO_8859_1) + ": " + key + " libevent '" + line.latin1()
                    + "' jevent '" + actual + "'");
        }
    }

    private static void checkBytes(List<String> mismatches, byte[] in, String key, Recorded rec, byte[] actual) {
        Recorded.Line line = rec.take(key);
        if (!java.util.Arrays.equals(actual, line.bytes())) {
            mismatches.add(new String(in, StandardCharsets.ISO_8859_1) + ": " + key + " libevent '" + line.latin1()
                    + "' jevent '" + new String(actual, StandardCharsets.ISO_8859_1) + "'");
        }
    }

    private static void checkQuery(List<String> mismatches, String text, Recorded rec, String key, HttpHeaders actual) {
        boolean ok = rec.take(key).text().equals("ok");
        HttpHeaders expected = new HttpHeaders();
        while (rec.hasNext() && rec.peek().key().equals("key")) {
            expected.addUnchecked(utf8(rec.take("key").bytes()), utf8(rec.take("value").bytes()));
        }
        if (text == null) {
            return;
        }
        if (ok != (actual != null) || actual != null && !actual.toString().equals(expected.toString())) {
            mismatches.add(text + ": " + key + " libevent " + (ok ? expected : "invalid") + " jevent " + actual);
        }
    }

    private static byte[] untilNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return java.util.Arrays.copyOf(bytes, i);
            }
        }
        return bytes;
    }

    /** The bytes as UTF-8 text, or null if they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
