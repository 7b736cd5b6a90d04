package io.jevent.bufferevent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.util.List;

/**
 * Turns a host name into addresses without blocking: what libevent's {@code evdns_base} is to
 * {@code bufferevent_socket_connect_hostname}. jevent-dns's {@code DnsResolver} implements it; so
 * can any other asynchronous resolver. jevent-core itself has none: without one,
 * {@link SocketBufferEvent#connectHostname(String, int)} asks the JDK on a helper thread.
 *
 * <p><b>Threads:</b> {@link #resolve} is called on the thread that called {@code connectHostname}:
 * the BufferEvent's loop thread, or any thread for a thread-safe BufferEvent (under its lock). It
 * must not block; the callback may run on any thread, once, even before {@code resolve} returns.
 */
@FunctionalInterface
public interface HostnameResolver {
    /** Where a lookup's result goes. */
    @FunctionalInterface
    interface Callback {
        /**
         * Delivers the result of one lookup.
         *
         * @param addresses the addresses in the order to try them; empty on failure
         * @param dnsError  0 on success, otherwise the resolver's error code (for jevent-dns,
         *                  libevent's {@code EVUTIL_EAI_*} value), which
         *                  {@link SocketBufferEvent#dnsError()} reports
         * @param failure   null on success, otherwise why, for {@link BufferEvent#lastError()}
         */
        void resolved(List<InetAddress> addresses, int dnsError, IOException failure);
    }

    /**
     * Starts looking {@code host} up.
     *
     * @param host     a host name or an address literal
     * @param family   {@code StandardProtocolFamily.INET} or {@code INET6} for one family, or
     *                 null for both (libevent's {@code AF_UNSPEC})
     * @param callback called once with the result
     */
    void resolve(String host, ProtocolFamily family, Callback callback);
}
