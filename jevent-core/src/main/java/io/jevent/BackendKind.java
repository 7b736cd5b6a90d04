package io.jevent;

import io.jevent.internal.NativeBackends;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
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
 * is not built yet. Asking explicitly for a backend that cannot run fails with an exception that
 * says why, rather than quietly running something else; {@link #AUTO} picks epoll when it can run
 * and NIO otherwise, saying why once in a DEBUG line of the {@code io.jevent} logger.
 *
 * <p>Immutable; any thread.
 */
public enum BackendKind {
    /** The best backend available on this JVM and platform: {@link #EPOLL} if it can run, else {@link #NIO}. */
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
    /** Linux io_uring through the FFM API: not built yet in this version. */
    IO_URING("io_uring");

    /** The system property that chooses the backend of every base whose builder does not. */
    public static final String PROPERTY = "jevent.backend";

    /** AUTO says once per JVM why it runs NIO, not once per base. */
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
     * @return true for {@link #AUTO} and {@link #NIO}; for {@link #EPOLL}, whether it can run in
     *         this JVM; false for {@link #IO_URING}, not built yet
     */
    public boolean isAvailable() {
        switch (this) {
            case AUTO:
            case NIO:
                return true;
            case EPOLL:
                return NativeBackends.epollUnavailable() == null;
            default:
                return false;
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
     * @throws UnsupportedOperationException if the choice is a backend this version does not have
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
     * The backend a base really runs: AUTO becomes EPOLL when it can run, else NIO; a native one
     * that cannot run is refused.
     *
     * @param source where the choice came from, for the message
     * @throws UnsupportedOperationException for {@link #EPOLL} when it cannot run, and for
     *                                       {@link #IO_URING}
     */
    BackendKind resolve(String source) {
        switch (this) {
            case AUTO: {
                String why = NativeBackends.epollUnavailable();
                if (why == null) {
                    return EPOLL;
                }
                if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                    System.getLogger("io.jevent").log(Level.DEBUG, "jevent backend AUTO runs nio: the epoll"
                            + " backend " + why);
                }
                return NIO;
            }
            case NIO:
                return NIO;
            case EPOLL: {
                String why = NativeBackends.epollUnavailable();
                if (why != null) {
                    throw new UnsupportedOperationException(source + ": the epoll backend " + why
                            + "; use NIO or AUTO");
                }
                return EPOLL;
            }
            default:
                throw new UnsupportedOperationException(source + ": the io_uring backend needs JDK 22+ and"
                        + " Linux 5.1+ and is not built yet in this version; use NIO or AUTO");
        }
    }
}
