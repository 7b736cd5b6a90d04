package io.jevent.dns;

import java.net.StandardProtocolFamily;

/**
 * The hints of {@link DnsResolver#getAddrInfo}: libevent's {@code struct evutil_addrinfo} used as
 * hints. The flag values are Linux's {@code AI_*} values, which libevent uses there.
 *
 * <p>A mutable value: fill it, then pass it; do not share one being changed between threads.
 */
public final class AddrInfoHints {
    /** {@code EVUTIL_AI_PASSIVE}: without a node, the wildcard address, for binding. */
    public static final int PASSIVE = 0x1;
    /** {@code EVUTIL_AI_CANONNAME}: put the canonical name on the first result. */
    public static final int CANONNAME = 0x2;
    /** {@code EVUTIL_AI_NUMERICHOST}: the node must be an address literal; never look it up. */
    public static final int NUMERICHOST = 0x4;
    /** {@code EVUTIL_AI_ADDRCONFIG}: only families this host has a non-loopback address of. */
    public static final int ADDRCONFIG = 0x20;
    /** {@code EVUTIL_AI_NUMERICSERV}: the service must be a number. */
    public static final int NUMERICSERV = 0x400;
    /** {@code SOCK_STREAM}. */
    public static final int SOCK_STREAM = 1;
    /** {@code SOCK_DGRAM}. */
    public static final int SOCK_DGRAM = 2;
    /** {@code IPPROTO_TCP}. */
    public static final int IPPROTO_TCP = 6;
    /** {@code IPPROTO_UDP}. */
    public static final int IPPROTO_UDP = 17;

    private StandardProtocolFamily family;
    private int socketType;
    private int protocol;
    private int flags;

    /** Hints with nothing set: any family, both socket types, no flags. */
    public AddrInfoHints() {
    }

    /**
     * Restricts the family ({@code ai_family}).
     *
     * @param family {@code INET}, {@code INET6}, or null for either ({@code AF_UNSPEC})
     * @return these hints
     * @throws IllegalArgumentException for {@code UNIX}
     */
    public AddrInfoHints family(StandardProtocolFamily family) {
        if (family == StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("getAddrInfo looks up INET and INET6 addresses, not UNIX");
        }
        this.family = family;
        return this;
    }

    /**
     * Restricts the socket type ({@code ai_socktype}).
     *
     * @param socketType {@link #SOCK_STREAM}, {@link #SOCK_DGRAM}, or 0 for both
     * @return these hints
     * @throws IllegalArgumentException for another value
     */
    public AddrInfoHints socketType(int socketType) {
        if (socketType != 0 && socketType != SOCK_STREAM && socketType != SOCK_DGRAM) {
            throw new IllegalArgumentException("socketType is 0, SOCK_STREAM or SOCK_DGRAM: " + socketType);
        }
        this.socketType = socketType;
        return this;
    }

    /**
     * Restricts the protocol ({@code ai_protocol}).
     *
     * @param protocol {@link #IPPROTO_TCP}, {@link #IPPROTO_UDP}, or 0 for what the type implies
     * @return these hints
     * @throws IllegalArgumentException for another value
     */
    public AddrInfoHints protocol(int protocol) {
        if (protocol != 0 && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) {
            throw new IllegalArgumentException("protocol is 0, IPPROTO_TCP or IPPROTO_UDP: " + protocol);
        }
        this.protocol = protocol;
        return this;
    }

    /**
     * Sets the flags ({@code ai_flags}).
     *
     * @param flags a combination of {@link #PASSIVE}, {@link #CANONNAME}, {@link #NUMERICHOST},
     *              {@link #NUMERICSERV}, {@link #ADDRCONFIG}
     * @return these hints
     * @throws IllegalArgumentException for an unknown bit (libevent's EAI_BADFLAGS)
     */
    public AddrInfoHints flags(int flags) {
        int known = PASSIVE | CANONNAME | NUMERICHOST | NUMERICSERV | ADDRCONFIG;
        if ((flags & ~known) != 0) {
            throw new IllegalArgumentException("unknown getaddrinfo flags 0x" + Integer.toHexString(flags & ~known));
        }
        this.flags = flags;
        return this;
    }

    /**
     * The family.
     *
     * @return the family, or null for either
     */
    public StandardProtocolFamily family() {
        return family;
    }

    /**
     * The socket type.
     *
     * @return the type, 0 for both
     */
    public int socketType() {
        return socketType;
    }

    /**
     * The protocol.
     *
     * @return the protocol, 0 for any
     */
    public int protocol() {
        return protocol;
    }

    /**
     * The flags.
     *
     * @return the flags
     */
    public int flags() {
        return flags;
    }
}
