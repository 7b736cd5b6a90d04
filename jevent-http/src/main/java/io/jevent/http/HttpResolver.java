package io.jevent.http;

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
}
