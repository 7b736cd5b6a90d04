package io.jevent.bench.dispatch;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The floor: a hand-written java.nio loop doing bench.c's work with nothing in between. One
 * {@link Selector}, every source registered once for {@code OP_READ} with its index attached,
 * readiness consumed with {@code selectNow(Consumer)} so that no selected-key set is built.
 */
final class RawSelectorDriver extends RingDriver {
    private final Selector selector;
    private final Consumer<SelectionKey> onReadable = key -> ring.relay((Integer) key.attachment());

    RawSelectorDriver(PipeRing ring) throws IOException {
        super(ring);
        selector = Selector.open();
        try {
            for (int i = 0; i < ring.size(); i++) {
                ring.source(i).register(selector, SelectionKey.OP_READ, i);
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    @Override
    void pollOnce() throws IOException {
        selector.selectNow(onReadable);
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
