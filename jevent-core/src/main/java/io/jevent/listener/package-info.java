/**
 * Connection listeners: libevent's {@code event2/listener.h}.
 *
 * <p>A {@link io.jevent.listener.ConnListener} watches a listening socket with its
 * {@link io.jevent.EventBase} and calls an {@link io.jevent.listener.AcceptCallback} for each new
 * connection, on the loop thread:
 *
 * <pre>{@code
 * try (EventBase base = new EventBase();
 *      ConnListener listener = ConnListener.bind(base, new InetSocketAddress("127.0.0.1", 9876), -1,
 *              (lev, channel, peer) -> System.out.println("connection from " + peer),
 *              ConnListener.Option.REUSEABLE, ConnListener.Option.CLOSE_ON_FREE)) {
 *     base.dispatch();
 * }
 * }</pre>
 *
 * <p>Failed accepts reach an {@link io.jevent.listener.AcceptErrorCallback} with the cause, and the
 * listener backs off instead of spinning while the process is out of descriptors.
 *
 * <p>A {@link io.jevent.listener.GroupListener} accepts on one address for all the loops of an
 * {@link io.jevent.EventBaseGroup}: one acceptor hands each connection to the next loop, or one
 * socket per loop shares the port with {@code SO_REUSEPORT} and the kernel spreads them.
 */
package io.jevent.listener;
