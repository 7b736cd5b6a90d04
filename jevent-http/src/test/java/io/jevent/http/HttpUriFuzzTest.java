package io.jevent.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * {@link HttpUri#parse(String, int)} on any text with any flags: it parses, or throws
 * {@link IllegalArgumentException} exactly when {@code tryParse} returns null (and for unknown
 * flags), nothing else; what it parses joins with {@code toString()} into a text that parses again,
 * with the same flags, to the same parts; and each part passes its own setter. Plain builds replay
 * the inputs under {@code HttpUriFuzzTestInputs}; the fuzz profile fuzzes for 20 s.
 */
class HttpUriFuzzTest {
    @FuzzTest(maxDuration = "4s")
    void parsedUrisJoinIntoTextThatParsesToTheSameParts(FuzzedDataProvider data) {
        // Mostly the two defined flags, sometimes any bits at all.
        int flags = data.consumeBoolean() ? data.consumeInt() : data.consumeInt(0, HttpUri.NONCONFORMANT);
        String text = data.consumeRemainingAsString();
        if ((flags & ~HttpUri.NONCONFORMANT) != 0) {
            expectRefused(() -> HttpUri.tryParse(text, flags), "unknown URI flags");
            expectRefused(() -> HttpUri.parse(text, flags), "unknown URI flags");
            return;
        }
        HttpUri uri = HttpUri.tryParse(text, flags);
        if (uri == null) {
            expectRefused(() -> HttpUri.parse(text, flags), "not a valid URI");
            return;
        }
        List<Object> parts = parts(HttpUri.parse(text, flags));
        if (!parts.equals(parts(uri))) {
            throw new AssertionError("parse and tryParse disagree on " + text);
        }
        String joined = uri.toString();
        HttpUri again = HttpUri.tryParse(joined, flags);
        if (again == null) {
            throw new AssertionError(quote(text) + " parses, but its toString() " + quote(joined) + " does not");
        }
        if (!parts(again).equals(parts)) {
            throw new AssertionError(quote(text) + " -> " + quote(joined) + " changes the parts from " + parts
                    + " to " + parts(again));
        }
        if (!again.toString().equals(joined)) {
            throw new AssertionError(quote(joined) + " joins again as " + quote(again.toString()));
        }
        HttpUri rebuilt = new HttpUri();
        rebuilt.setFlags(flags);
        rebuilt.setScheme(uri.scheme());
        rebuilt.setUserinfo(uri.userinfo());
        rebuilt.setHost(uri.host());
        rebuilt.setPort(uri.port());
        rebuilt.setPath(uri.path());
        rebuilt.setQuery(uri.query());
        rebuilt.setFragment(uri.fragment());
        if (!rebuilt.toString().equals(joined)) {
            throw new AssertionError("set part by part, " + quote(text) + " joins as " + quote(rebuilt.toString()));
        }
    }

    private static List<Object> parts(HttpUri u) {
        return Arrays.asList(u.flags(), u.scheme(), u.userinfo(), u.host(), u.port(), u.path(), u.query(),
                u.fragment());
    }

    private static void expectRefused(Runnable parse, String message) {
        try {
            parse.run();
        } catch (IllegalArgumentException expected) {
            if (!expected.getMessage().startsWith(message)) {
                throw new AssertionError("refused with an unexpected message: " + expected.getMessage(), expected);
            }
            return;
        }
        throw new AssertionError("not refused; expected: " + message);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? Character.toString(c)
                : String.format("\\u%04x", c)));
        return sb.append('"').toString();
    }
}
