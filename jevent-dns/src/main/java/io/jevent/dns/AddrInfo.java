package io.jevent.dns;

import java.net.InetSocketAddress;

/**
 * One result of {@link DnsResolver#getAddrInfo}: libevent's {@code struct evutil_addrinfo}
 * (one element of its list).
 *
 * <p>An immutable value; any thread.
 */
public final class AddrInfo {
    private final int socketType;
    private final int protocol;
    private final InetSocketAddress address;
    private final String canonicalName;

    AddrInfo(int socketType, int protocol, InetSocketAddress address, String canonicalName) {
        this.socketType = socketType;
        this.protocol = protocol;
        this.address = address;
        this.canonicalName = canonicalName;
    }

    /**
     * The socket type: {@link AddrInfoHints#SOCK_STREAM} or {@link AddrInfoHints#SOCK_DGRAM}.
     *
     * @return {@code ai_socktype}
     */
    public int socketType() {
        return socketType;
    }

    /**
     * The protocol: {@link AddrInfoHints#IPPROTO_TCP} or {@link AddrInfoHints#IPPROTO_UDP}.
     *
     * @return {@code ai_protocol}
     */
    public int protocol() {
        return protocol;
    }

    /**
     * The address and port ({@code ai_addr}); its family is {@code ai_family}.
     *
     * @return the socket address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The canonical name, set on the first result when {@link AddrInfoHints#CANONNAME} was asked.
     *
     * @return {@code ai_canonname}, or null
     */
    public String canonicalName() {
        return canonicalName;
    }

    @Override
    public String toString() {
        return (socketType == AddrInfoHints.SOCK_STREAM ? "tcp " : "udp ") + address.getAddress().getHostAddress()
                + " port " + address.getPort() + (canonicalName != null ? " (" + canonicalName + ")" : "");
    }
}
