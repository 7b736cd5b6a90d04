package io.jevent;

/**
 * What a backend can do beyond waiting for readiness: libevent's {@code event_method_feature}
 * ({@code EV_FEATURE_ET}, {@code EV_FEATURE_O1}, {@code EV_FEATURE_FDS},
 * {@code EV_FEATURE_EARLY_CLOSE}). {@link EventBase#features()} says what a base's backend has
 * ({@code event_base_get_features}); {@link EventBase.Builder#requireFeatures} refuses to build a
 * base whose backend lacks one ({@code event_config_require_features}).
 *
 * <p>Immutable; any thread.
 */
public enum BackendFeature {
    /** Edge triggering, {@link Ev#ET}: libevent's {@code EV_FEATURE_ET}. epoll and io_uring. */
    ET,
    /**
     * Adding, deleting and reporting one event costs the same however many are watched:
     * {@code EV_FEATURE_O1}. Every jevent backend (the JDK's selector is epoll on Linux, kqueue on
     * macOS, wepoll on Windows).
     */
    O1,
    /**
     * Any file descriptor, regular files included, not only sockets and pipes: {@code EV_FEATURE_FDS}
     * (libevent's select and poll). No jevent backend: the JVM gives channels, and readiness of a
     * regular file means nothing to epoll or to the JDK's selectors.
     */
    FDS,
    /**
     * The peer's close reported without reading to the end, {@link Ev#CLOSED}:
     * {@code EV_FEATURE_EARLY_CLOSE}. epoll ({@code EPOLLRDHUP}) and io_uring ({@code POLLRDHUP}).
     */
    EARLY_CLOSE
}
