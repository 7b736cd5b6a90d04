package io.jevent.bufferevent;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/** Waits, for 10 s at most, until a channel not watched by any loop is readable. */
final class IoProbe {
    private IoProbe() {
    }

    static void awaitReadable(SocketChannel ch) throws IOException {
        try (Selector s = Selector.open()) {
            SelectionKey key = ch.register(s, SelectionKey.OP_READ);
            s.select(10_000);
            key.cancel();
            s.selectNow();
        }
    }
}
