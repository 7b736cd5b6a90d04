package io.jevent.bufferevent;

import io.jevent.bufferevent.internal.HostResolver;
import io.jevent.internal.Durations;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One call of a {@code connect} or {@code connectHostname} overload, its arguments checked: an
 * address, or a host name with the resolver that looks it up, and how long the attempt may take.
 * Socket and TLS BufferEvents build it the same way, so that each overload's rules are written
 * once; {@link Connector} carries it out. Immutable.
 */
final class ConnectRequest {
    /**
     * {@code connectHostname(host, port)}, which names no resolver: the JDK looks the name up on a
     * helper thread, and only its first address is tried, as libevent tries only the first.
     */
    private static final HostnameResolver JDK_FIRST_ADDRESS = (host, family, callback) -> HostResolver.resolve(host,
            (address, failure) -> callback.resolved(address == null ? List.of() : List.of(address), 0, failure));

    /** Where to connect, or null for a name to look up. */
    final SocketAddress address;
    /** The name to look up, or null for an address. */
    final String host;
    final int port;
    final HostnameResolver resolver;
    /** The family to ask the resolver for, or null for both. */
    final ProtocolFamily family;
    /** How long the lookup, connect (and a TLS handshake) may take together, or -1 for no limit. */
    final long timeoutNanos;

    private ConnectRequest(SocketAddress address, String host, int port, HostnameResolver resolver,
            ProtocolFamily family, long timeoutNanos) {
        this.address = address;
        this.host = host;
        this.port = port;
        this.resolver = resolver;
        this.family = family;
        this.timeoutNanos = timeoutNanos;
    }

    /** {@code connect(address[, timeout])}. */
    static ConnectRequest to(SocketAddress address, Duration timeout) {
        long nanos = Durations.nanosOrNone(timeout, "timeout");
        return new ConnectRequest(Objects.requireNonNull(address, "address"), null, 0, null, null, nanos);
    }

    /** {@code connectHostname(host, port[, timeout])}: the JDK looks the name up off the loop. */
    static ConnectRequest toHost(String host, int port, Duration timeout) {
        return toHost(JDK_FIRST_ADDRESS, null, host, port, timeout);
    }

    /** {@code connectHostname(resolver, family, host, port[, timeout])}. */
    static ConnectRequest toHost(HostnameResolver resolver, ProtocolFamily family, String host, int port,
            Duration timeout) {
        long nanos = Durations.nanosOrNone(timeout, "timeout");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        return new ConnectRequest(null, host, port, resolver, family, nanos);
    }

    boolean isLookup() {
        return address == null;
    }

    /** What the attempt tries to reach, for messages. */
    String target() {
        return address != null ? String.valueOf(address) : host + ":" + port;
    }
}
