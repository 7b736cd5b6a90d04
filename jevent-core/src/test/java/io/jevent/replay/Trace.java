package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the real libevent 2.1 did in one scenario, as recorded by the C programs in
 * {@code src/test/libevent} ({@code key: value} lines), and the bookkeeping of a replay against
 * jevent: every key must be matched or named as a documented difference, so that a re-recorded
 * trace with a new observation fails until someone decides what jevent does there.
 */
final class Trace {
    private final String name;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Set<String> seen = new LinkedHashSet<>();

    private Trace(String name) {
        this.name = name;
    }

    static Trace load(String scenario) {
        Trace t = new Trace(scenario);
        String resource = "/libevent-2.1/" + scenario + ".trace";
        try (InputStream in = Trace.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no trace " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                t.lines.put(colon < 0 ? line : line.substring(0, colon), colon < 0 ? "" : line.substring(colon + 2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(t.lines.get("libevent")).as("recorded from libevent 2.1").startsWith("2.1.");
        t.seen.add("libevent");
        return t;
    }

    /** libevent's value for {@code key}. */
    String libevent(String key) {
        String v = lines.get(key);
        if (v == null) {
            throw new AssertionError(name + ".trace has no key " + key);
        }
        seen.add(key);
        return v;
    }

    /** jevent must have observed what libevent did. */
    void same(String key, Object jevent) {
        assertThat(String.valueOf(jevent)).as(name + ": " + key).isEqualTo(libevent(key));
    }

    /**
     * jevent deliberately differs here: both values are pinned, and the reason is the one that
     * docs/porting.md gives.
     */
    void differs(String key, Object jevent, String libeventValue, String reason) {
        assertThat(libevent(key)).as(name + ": libevent's " + key + " (" + reason + ")").isEqualTo(libeventValue);
        assertThat(String.valueOf(jevent)).as(name + ": jevent's " + key + " (" + reason + ")")
                .isNotEqualTo(libeventValue);
    }

    /** Marks keys that describe the C program's set-up rather than behaviour jevent can show. */
    void notApplicable(String... keys) {
        for (String k : keys) {
            libevent(k);
        }
    }

    /** Every key of the trace was replayed. */
    void allReplayed() {
        Set<String> missing = new LinkedHashSet<>(lines.keySet());
        missing.removeAll(seen);
        assertThat(missing).as(name + ".trace keys no test replayed").isEmpty();
    }
}
