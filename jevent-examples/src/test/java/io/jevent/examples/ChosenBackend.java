package io.jevent.examples;

import java.util.List;

/**
 * The backend this test run chose, if any: the build's pass over a native backend sets
 * {@code -Djevent.backend} (which every base here then runs) and {@code -Djevent.test.expectBackend}
 * (which the tests check). The examples the tests start in JVMs of their own must run on it too, so
 * they are handed the same choice.
 */
final class ChosenBackend {
    private ChosenBackend() {
    }

    /** The backend every example must say it runs on, or null when this run chose none. */
    static String expected() {
        return System.getProperty("jevent.test.expectBackend");
    }

    /** {@code -Djevent.backend=NAME} for a child JVM, or nothing when this run chose none. */
    static List<String> property() {
        String backend = System.getProperty("jevent.backend");
        return backend == null ? List.of() : List.of("-Djevent.backend=" + backend);
    }

    /**
     * The flags a native backend needs when the examples run from the class path (the examples jar
     * says them in its manifest instead), with {@link #property()}; nothing when this run chose none.
     */
    static List<String> classPathOptions() {
        List<String> property = property();
        if (property.isEmpty()) {
            return property;
        }
        return List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                property.get(0));
    }
}
