package io.jevent.examples;

import io.jevent.listener.ConnListener;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How a server listens and how long it keeps a silent client, from the options every server takes:
 * {@code --port} (or the example's own port option), {@code --bind}, {@code --backlog N} and
 * {@code --idle-timeout SECONDS}. One parser for all the servers, so that they agree.
 *
 * @param address     where to listen
 * @param backlog     the listen queue length, already resolved: {@code --backlog -1} (the default)
 *                    is the system's maximum, {@link ConnListener#defaultBacklog()}
 * @param idleTimeout how long a connection may go without a byte moving either way before the
 *                    server closes it; null for never ({@code --idle-timeout 0})
 */
record Listen(InetSocketAddress address, int backlog, Duration idleTimeout) {
    /** The options of {@link #parse}, to list in an example's valued options. */
    static final List<String> OPTIONS = List.of("bind", "backlog", "idle-timeout");
    /** How long the line and echo servers keep a client that sends and takes nothing: 5 minutes. */
    static final Duration IDLE = Duration.ofSeconds(300);
    /** The usage words of the options, after the port. */
    static final String USAGE = "[--bind ADDR] [--backlog N] [--idle-timeout S]";

    /**
     * Reads the options.
     *
     * @param portOption  {@code "port"}, or e.g. {@code "echo-port"} for the demo
     * @param defaultPort the port without that option
     * @param defaultIdle the idle timeout without {@code --idle-timeout}; null for never
     * @throws Args.UsageException for a backlog or timeout out of range
     */
    static Listen parse(Args args, String portOption, int defaultPort, Duration defaultIdle) {
        InetSocketAddress address = args.listenAddress(portOption, defaultPort);
        int backlog = args.integer("backlog", -1, -1, 65_535);
        if (backlog == 0) {
            throw new Args.UsageException("--backlog must be -1 (the system's maximum) or 1..65535: 0");
        }
        int idle = args.integer("idle-timeout", defaultIdle == null ? 0 : (int) defaultIdle.toSeconds(), 0, 86_400);
        return new Listen(address, backlog < 0 ? ConnListener.defaultBacklog() : backlog,
                idle == 0 ? null : Duration.ofSeconds(idle));
    }
}
