package io.jevent.dns;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs the end-to-end tests talk to (dnsmasq, dig). CI installs them
 * ({@code .ci/run}); there, with {@code CI=true} in the environment (or
 * {@code -Djevent.requirePeers=true}), a missing one is a failure. On a developer's machine
 * without one, its tests are skipped with a message.
 */
final class Peers {
    private Peers() {
    }

    /** The path of the program, or a skip (a failure under CI) when it is not installed. */
    static String require(String name, String aptPackage) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String message = name + " is not installed (apt-get install " + aptPackage + ")";
        if (Boolean.getBoolean("jevent.requirePeers") || "true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return null;
    }
}
