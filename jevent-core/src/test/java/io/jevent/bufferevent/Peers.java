package io.jevent.bufferevent;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs the TLS interoperability tests talk to (openssl, curl). CI installs them
 * ({@code .ci/run}); there, with {@code CI=true} in the environment (or
 * {@code -Djevent.requirePeers=true}), a missing one is a failure. On a developer's machine
 * without one, its tests are skipped with a message.
 */
final class Peers {
    private Peers() {
    }

    /** The path of {@code program}, or a skip (a failure under CI) when it is not installed. */
    static String require(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        String message = String.join(" or ", names) + " is not installed (apt-get install " + names[0] + ")";
        if (Boolean.getBoolean("jevent.requirePeers") || "true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return null;
    }
}
