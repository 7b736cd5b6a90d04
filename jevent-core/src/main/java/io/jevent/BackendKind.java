package io.jevent;

import io.jevent.internal.NativeBackends;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which readiness mechanism a base's loop uses to wait for I/O: libevent's "method" (
 * {@code event_config_avoid_method}, {@code event_base_get_method}), chosen with
 * {@link EventBase.Builder#backend(BackendKind)} or the system property {@code jevent.backend}
 * (for example {@code -Djevent.backend=nio}), and reported by {@link EventBase#backendName()}.
 *
 * <p>{@link #NIO} runs everywhere. {@link #EPOLL} runs on Linux with JDK 22 or later, when the JVM
 * lets jevent read a channel's file descriptor ({@code --add-exports java.base/sun.nio.ch=io.jevent},
 * or {@code =ALL-UNNAMED} on the class path; see {@code docs/native-backend.md}). {@link #IO_URING}
 * needs the same and, beside, x86-64 and a Linux kernel (5.13 or later) that lets the process set
 * up a ring. Asking explicitly for a backend that cannot run fails with an exception that says why,
 * rather than quietly running something else; {@link #AUTO} picks io_uring, else epoll, else NIO,
 * whichever runs first, saying once in a DEBUG line of the {@code io.jevent} logger why it did not
 * take the ones before.
 *
 * <p>Immutable; any thread.
 */
public enum BackendKind {
    /**
     * The best backend available on this JVM and platform: {@link #IO_URING} if it can run, else
     * {@link #EPOLL}, else {@link #NIO}.
     */
    AUTO("auto"),
    /**
     * {@code java.nio.channels.Selector}: epoll on Linux, kqueue on macOS, the JDK's own poller
     * elsewhere. Portable.
     */
    NIO("nio"),
    /**
     * Linux epoll called directly through the FFM API: JDK 22+, Linux, and the flag
     * {@code --add-exports java.base/sun.nio.ch=io.jevent} (or {@code =ALL-UNNAMED}). Supports
     * {@link Ev#ET} and {@link Ev#CLOSED}.
     */
    EPOLL("epoll"),
    /**
     * Linux io_uring through the FFM API: JDK 22+, Linux 5.13+ on x86-64, io_uring allowed for the
     * process (sysctl {@code kernel.io_uring_disabled}, seccomp), and the same flag as
     * {@link #EPOLL}. A readiness backend: one poll request per channel in the ring, every change
     * and the wait in one {@code io_uring_enter} per loop iteration. Supports {@link Ev#ET} and
     * {@link Ev#CLOSED}.
     */
    IO_URING("io_uring");

    /** The system property that chooses the backend of every base whose builder does not. */
    public static final String PROPERTY = "jevent.backend";

    private static final Set<BackendFeature> NIO_FEATURES = Collections.unmodifiableSet(
            EnumSet.of(BackendFeature.O1));
    private static final Set<BackendFeature> NATIVE_FEATURES = Collections.unmodifiableSet(
            EnumSet.of(BackendFeature.ET, BackendFeature.O1, BackendFeature.EARLY_CLOSE));

    /** AUTO says once per JVM why it does not run io_uring, not once per base. */
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final String methodName;

    BackendKind(String methodName) {
        this.methodName = methodName;
    }

    /**
     * The name libevent would print for this method, as {@link EventBase#backendName()} gives it
     * and {@code jevent.backend} takes it: {@code "auto"}, {@code "nio"}, {@code "epoll"},
     * {@code "io_uring"}.
     *
     * @return the lower-case name
     */
    public String methodName() {
        return methodName;
    }

    /**
     * Whether this version can run a base with this backend.
     *
     * @return true for {@link #AUTO} and {@link #NIO}; for {@link #EPOLL} and {@link #IO_URING},
     *         whether it can run in this JVM on this kernel
     */
    public boolean isAvailable() {
        switch (this) {
            case EPOLL:
                return NativeBackends.epollUnavailable() == null;
            case IO_URING:
                return NativeBackends.ioUringUnavailable() == null;
            default:
                return true;
        }
    }

    /**
     * What this backend can do: libevent's {@code event_base_get_features} for a base that runs
     * it. For {@link #AUTO}, the features of the backend AUTO picks in this JVM.
     *
     * @return an unmodifiable set; {@link BackendFeature#ET} and {@link BackendFeature#EARLY_CLOSE}
     *         for epoll and io_uring, {@link BackendFeature#O1} for every backend
     */
    public Set<BackendFeature> features() {
        switch (this) {
            case AUTO:
                return resolve("AUTO").features();
            case NIO:
                return NIO_FEATURES;
            default:
                return NATIVE_FEATURES;
        }
    }

    /**
     * Parses a backend's name, as the system property {@code jevent.backend} gives it: the enum's
     * name or its {@link #methodName()}, in any case ({@code "nio"}, {@code "NIO"},
     * {@code "io_uring"}, {@code "IO_URING"}; {@code "io-uring"} too).
     *
     * @param name the name
     * @return the backend it names
     * @throws IllegalArgumentException if no backend has that name; the message lists the names
     */
    public static BackendKind fromName(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (BackendKind kind : values()) {
            if (kind.methodName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no jevent backend is called \"" + name
                + "\": use auto, nio, epoll or io_uring");
    }

    /**
     * The backend a base built with {@code explicit} runs: the builder's choice, else the system
     * property's, else AUTO's.
     *
     * @param explicit what the builder chose, or null
     * @throws IllegalArgumentException      if the property names no backend
     * @throws UnsupportedOperationException if the choice is a backend that cannot run here
     */
    static BackendKind choose(BackendKind explicit) {
        if (explicit != null) {
            return explicit.resolve("EventBase.Builder.backend(" + explicit + ")");
        }
        String property = System.getProperty(PROPERTY);
        if (property == null || property.isBlank()) {
            return AUTO.resolve("AUTO");
        }
        String source = "-D" + PROPERTY + "=" + property;
        BackendKind chosen;
        try {
            chosen = fromName(property);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return chosen.resolve(source);
    }

    /**
     * The backend a base really runs: AUTO becomes IO_URING, else EPOLL, else NIO, whichever can run
     * first; a native one that cannot run is refused.
     *
     * @param source where the choice came from, for the message
     * @throws UnsupportedOperationException for {@link #EPOLL} or {@link #IO_URING} when it cannot
     *                                       run here
     */
    BackendKind resolve(String source) {
        switch (this) {
            case AUTO: {
                String noUring = NativeBackends.ioUringUnavailable();
                if (noUring == null) {
                    return IO_URING;
                }
                String noEpoll = NativeBackends.epollUnavailable();
                BackendKind runs = noEpoll == null ? EPOLL : NIO;
                if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                    String why = noEpoll == null || noEpoll.equals(noUring)
                            ? "the io_uring backend " + noUring
                            : "the io_uring backend " + noUring + ", and the epoll backend " + noEpoll;
                    System.getLogger("io.jevent").log(Level.DEBUG, "jevent backend AUTO runs "
                            + runs.methodName + ": " + why);
                }
                return runs;
            }
            case EPOLL: {
                String why = NativeBackends.epollUnavailable();
                if (why != null) {
                    throw new UnsupportedOperationException(source + ": the epoll backend " + why
                            + "; use NIO or AUTO");
                }
                return EPOLL;
            }
            case IO_URING: {
                String why = NativeBackends.ioUringUnavailable();
                if (why != null) {
                    throw new UnsupportedOperationException(source + ": the io_uring backend " + why
                            + "; use EPOLL, NIO or AUTO (which falls back by itself)");
                }
                return IO_URING;
            }
            default:
                return NIO;
        }
    }
}
