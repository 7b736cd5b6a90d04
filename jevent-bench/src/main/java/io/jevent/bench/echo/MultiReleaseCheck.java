package io.jevent.bench.echo;

import io.jevent.EventBase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Makes sure that on JDK 22 and later jevent's native backends can be what the comparison
 * measures: jevent-core must be loaded from a jar that says {@code Multi-Release: true} and holds
 * the JDK 22 classes under {@code META-INF/versions/22}. A jar built on JDK 17 has none; a JVM reads
 * none from a directory of classes. Either would leave jevent-epoll unavailable on a JVM that can
 * run it, which must stop the comparison, not quietly drop the server from it.
 */
final class MultiReleaseCheck {
    /** A class that exists only in the JDK 22 layer of jevent-core. */
    static final String VERSIONED_CLASS = "META-INF/versions/22/io/jevent/internal/EpollBackend.class";

    private MultiReleaseCheck() {
    }

    /**
     * Returns on JDK 17 to 21 (the native variants are skipped there, each saying why) and when the
     * jar is right; otherwise fails with what to rebuild.
     *
     * @throws IllegalStateException if this JVM could run jevent's epoll backend but the classes
     *                               loaded cannot
     */
    static void requireVersionedClasses() throws IOException {
        int feature = Runtime.version().feature();
        if (feature < 22) {
            return;
        }
        Path location;
        try {
            location = Path.of(EventBase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where jevent-core was loaded from", e);
        }
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException("JDK " + feature + " runs the comparison but jevent-core comes from the"
                    + " directory " + location + ", where a JVM reads no multi-release classes: run it from"
                    + " jevent-bench/target/benchmarks.jar (jevent-bench/run.sh does)");
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            boolean multiRelease = jar.getManifest() != null && "true".equalsIgnoreCase(
                    jar.getManifest().getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
            if (!multiRelease || jar.getEntry(VERSIONED_CLASS) == null) {
                throw new IllegalStateException(location + (multiRelease ? " has no " + VERSIONED_CLASS
                        : " does not say Multi-Release: true") + ", so JDK " + feature + " would run jevent"
                        + " without its epoll backend: build jevent-core and jevent-bench with JAVA_HOME set to a"
                        + " JDK 22+ (jevent-bench/run.sh does when it finds one)");
            }
        }
    }
}
