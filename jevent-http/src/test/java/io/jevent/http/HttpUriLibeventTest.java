package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays what libevent 2.1.12 made of every URI in {@code uri_parse.c} and {@code uri_setters.c}
 * (recorded in {@code src/test/resources/libevent-2.1}) against {@link HttpUri}: every verdict,
 * part and join must agree.
 */
class HttpUriLibeventTest {
    @Test
    void parsesEveryRecordedUriAsLibeventDoes() throws IOException {
        Recorded rec = new Recorded("uri_parse");
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        while (rec.hasNext()) {
            String input = rec.take("parse").latin1();
            int flags = rec.take("flags").text().equals("0") ? 0 : HttpUri.NONCONFORMANT;
            boolean ok = rec.take("result").text().equals("ok");
            HttpUri uri = HttpUri.tryParse(input, flags);
            cases++;
            String what = "'" + input + "' flags " + flags;
            if (!ok) {
                if (uri != null) {
                    mismatches.add(what + ": libevent refuses it, jevent parsed " + uri);
                }
                continue;
            }
            String[] expected = new String[8];
            String[] keys = {"scheme", "userinfo", "host", "port", "path", "query", "fragment", "joined"};
            for (int i = 0; i < keys.length; i++) {
                expected[i] = rec.take(keys[i]).latin1();
            }
            if (uri == null) {
                mismatches.add(what + ": libevent parses it, jevent refuses it");
                continue;
            }
            String[] actual = {uri.scheme(), uri.userinfo(), uri.host(), Integer.toString(uri.port()), uri.path(),
                uri.query(), uri.fragment(), joinOrNull(uri)};
            for (int i = 0; i < keys.length; i++) {
                if (expected[i] == null ? actual[i] != null : !expected[i].equals(actual[i])) {
                    mismatches.add(what + ": " + keys[i] + " libevent '" + expected[i] + "' jevent '" + actual[i] + "'");
                }
            }
        }
        assertThat(cases).isGreaterThan(200);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void settersAcceptWhatLibeventAccepts() throws IOException {
        Recorded rec = new Recorded("uri_setters");
        List<String> mismatches = new ArrayList<>();
        while (rec.hasNext() && rec.peek().key().startsWith("set-") && !rec.peek().key().startsWith("set-port")) {
            Recorded.Line line = rec.take();
            boolean ok = rec.take("result").text().equals("ok");
            String value = line.latin1();
            HttpUri uri = new HttpUri();
            String setter = line.key().substring(4);
            if (setter.endsWith("-nonconformant")) {
                uri.setFlags(HttpUri.NONCONFORMANT);
                setter = setter.substring(0, setter.length() - "-nonconformant".length());
            }
            boolean accepted = set(uri, setter, value);
            if (accepted != ok) {
                mismatches.add(line.key() + "('" + value + "'): libevent " + ok + ", jevent " + accepted);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(rec.take("new-port").text()).isEqualTo(Integer.toString(new HttpUri().port()));
        assertThat(rec.take("set-port-minus-1").text()).isEqualTo("ok");
        assertThat(rec.take("set-port-minus-2").text()).isEqualTo("invalid");
        assertThatThrownBy(() -> new HttpUri().setPort(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(rec.take("set-port-70000").text()).isEqualTo("ok");
        new HttpUri().setPort(70000);
        while (rec.hasNext()) {
            HttpUri uri = new HttpUri();
            String scheme = rec.take("join-scheme").latin1();
            String host = rec.take("join-host").latin1();
            int port = Integer.parseInt(rec.take("join-port").text());
            String path = rec.take("join-path").latin1();
            String query = rec.take("join-query").latin1();
            String fragment = rec.take("join-fragment").latin1();
            String joined = rec.take("joined").latin1();
            uri.setScheme(scheme);
            uri.setHost(host);
            uri.setPort(port);
            try {
                uri.setPath(path);
            } catch (IllegalArgumentException e) {
                // libevent ignored the failed setter too
            }
            uri.setQuery(query);
            uri.setFragment(fragment);
            assertThat(joinOrNull(uri)).as("join of %s %s %s %s", scheme, host, port, path).isEqualTo(joined);
        }
    }

    private static boolean set(HttpUri uri, String setter, String value) {
        try {
            switch (setter) {
                case "scheme" -> uri.setScheme(value);
                case "userinfo" -> uri.setUserinfo(value);
                case "host" -> uri.setHost(value);
                case "path" -> uri.setPath(value);
                case "query" -> uri.setQuery(value);
                case "fragment" -> uri.setFragment(value);
                default -> throw new IllegalStateException(setter);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String joinOrNull(HttpUri uri) {
        try {
            return uri.toString();
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
