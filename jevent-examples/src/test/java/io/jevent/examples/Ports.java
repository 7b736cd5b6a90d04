package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Ports for tests on the loopback address. */
final class Ports {
    private Ports() {
    }

    /** A port nothing listens on right now (the system may hand it out again later). */
    static int free() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    /** Proves that a stopped server gave its port back: nothing answers there, and it can be bound. */
    static void assertReleased(InetSocketAddress address) throws IOException {
        assertThatThrownBy(() -> SocketChannel.open(address).close()).isInstanceOf(ConnectException.class);
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(address);
        }
    }
}
