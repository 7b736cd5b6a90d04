package io.jevent.dns.internal;

import io.jevent.Ev;
import io.jevent.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/**
 * One nameserver as the resolver sees it: its address, whether it answers, and the UDP socket the
 * queries to it go out on. The socket is connected to the server, so the kernel drops datagrams
 * from anyone else, and bound to port 0, so each socket gets a fresh ephemeral port; it is opened
 * when the first query needs it and closed when none is left, so a new burst of queries leaves
 * from a new port.
 */
final class Nameserver {
    final InetSocketAddress address;
    final int index;
    boolean up = true;
    int timeoutsInARow;
    /** Queries (and a probe) waiting for an answer on this server's socket. */
    int pending;
    DatagramChannel channel;
    Event readEvent;
    Event probeTimer;
    long probeDelayNanos;
    Query probe;

    Nameserver(InetSocketAddress address, int index) {
        this.address = address;
        this.index = index;
    }

    /** The socket, opened and watched for answers if it was not. */
    DatagramChannel open(ResolverEngine engine) throws IOException {
        if (channel == null) {
            DatagramChannel ch = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.configureBlocking(false);
                ch.bind(null);
                ch.connect(address);
                readEvent = engine.base.newEvent(ch, Ev.READ | Ev.PERSIST, (ev, what) -> engine.readable(this));
                readEvent.add();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            channel = ch;
        }
        return channel;
    }

    void release() {
        if (--pending == 0) {
            closeSocket();
        }
    }

    void closeSocket() {
        if (readEvent != null) {
            readEvent.close();
            readEvent = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was written that closing could lose.
            }
            channel = null;
        }
    }

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort() + (up ? "" : " (down)");
    }
}
