package io.jevent.examples;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Where the servers that tests start in-process listen. */
final class Loopback {
    private Loopback() {
    }

    /** Any free port on 127.0.0.1, the default backlog, and no idle timeout. */
    static Listen any() {
        return new Listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128, null);
    }
}
