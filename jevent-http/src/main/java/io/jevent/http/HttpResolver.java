package io.jevent.http;

import io.jevent.bufferevent.HostnameResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Turns a host name into addresses for the client, asynchronously: the part of libevent's
 * {@code evhttp_connection_base_new(base, dnsbase, ...)} that the {@code evdns_base} plays. The
 * default asks the JDK ({@link InetAddress#getAllByName}) on a helper thread, so the loop never
 * blocks; an asynchronous DNS resolver plugs in through this interface.
 */
@FunctionalInterface
public interface HttpResolver {
    /** Where a lookup's result goes; may be called on any thread (the client moves to its loop). */
    @FunctionalInterface
    interface Callback {
        /**
         * The lookup ended.
         *
         * @param addresses the addresses in the order to try them, non-empty, or null on failure
         * @param failure   why the lookup failed, or null on success
         */
        void resolved(List<InetSocketAddress> addresses, IOException failure);
    }

    /**
     * Starts a lookup; must not block.
     *
     * @param host     a host name or an address literal
     * @param port     the port to put in each address
     * @param callback called once, on any thread
     */
    void resolve(String host, int port, Callback callback);

    /**
     * The JDK's resolver on daemon helper threads, literals answered at once.
     *
     * @return the default resolver
     */
    static HttpResolver jdk() {
        return JdkResolver.INSTANCE;
    }

    /**
     * An asynchronous resolver for the client, such as jevent-dns's {@code DnsResolver}: the
     * {@code dnsbase} argument of {@code evhttp_connection_base_new}. Its lookups start on the
     * client's loop thread.
     *
     * @param resolver the resolver
     * @return a resolver for {@link HttpConnection}
     */
    static HttpResolver of(HostnameResolver resolver) {
        java.util.Objects.requireNonNull(resolver, "resolver");
        return (host, port, callback) -> resolver.resolve(host, null, (addresses, dnsError, failure) -> {
            if (failure != null || addresses.isEmpty()) {
                callback.resolved(null, failure != null ? failure
                        : new java.net.UnknownHostException(host + ": no address"));
                return;
            }
            List<InetSocketAddress> out = new java.util.ArrayList<>(addresses.size());
            for (InetAddress a : addresses) {
                out.add(new InetSocketAddress(a, port));
            }
            callback.resolved(out, null);
        });
    }
}
