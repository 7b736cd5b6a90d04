package io.jevent.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A connection's cache of head Strings: equal Strings always, the same String for repeated bytes. */
class HeadStringsTest {
    private final HeadStrings strings = new HeadStrings();

    private String get(String text) {
        // A direct buffer with bytes around the range, as a connection's input view is.
        ByteBuffer view = ByteBuffer.allocateDirect(text.length() + 4);
        view.put("[[".getBytes(StandardCharsets.ISO_8859_1)).put(text.getBytes(StandardCharsets.ISO_8859_1))
                .put("]]".getBytes(StandardCharsets.ISO_8859_1)).flip();
        return strings.get(view, 2, 2 + text.length());
    }

    @Test
    void sameBytesGiveTheSameStringBack() {
        String first = get("text/plain");
        assertThat(first).isEqualTo("text/plain");
        assertThat(get("text/plain")).isSameAs(first);
        assertThat(get("text/plaiN")).isEqualTo("text/plaiN").isNotSameAs(first);
    }

    @Test
    void twoStringsOfOneBucketBothStay() {
        // "Accept" and "test" land in the same bucket.
        String accept = get("Accept");
        String test = get("test");
        for (int i = 0; i < 3; i++) {
            assertThat(get("Accept")).isSameAs(accept);
            assertThat(get("test")).isSameAs(test);
        }
    }

    @Test
    void bytesAboveAsciiAreOneCharEach() {
        assertThat(get("caf\u00e9 \u00ff")).isEqualTo("caf\u00e9 \u00ff");
    }

    @Test
    void longValuesAndEmptyOnesAreStillRight() {
        String longValue = "x".repeat(5000);
        assertThat(get(longValue)).isEqualTo(longValue);
        assertThat(get("")).isEmpty();
    }
}
