package io.jevent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The java.nio backend: one {@link Selector}, level-triggered.
 *
 * <p>{@code READ} maps to {@code OP_ACCEPT} on a server channel and {@code OP_READ} elsewhere;
 * {@code WRITE} maps to {@code OP_CONNECT} while a socket's connect is pending and
 * {@code OP_WRITE} after. Readiness is consumed with {@code select(Consumer)}, so no selected-key
 * set is built per iteration.
 */
final class NioBackend implements Backend {
    private final LoopState loop;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::onReady;
    /** Keys cancelled since the last poll: the selector deregisters them at its next select. */
    private int cancelled;

    NioBackend(LoopState loop) {
        this.loop = loop;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a java.nio Selector", e);
        }
        CLOSE_PATH_READY.getClass();
    }

    /**
     * The JDK sets up its socket-closing machinery on the first close, and that setup needs a file
     * descriptor. A server out of descriptors recovers by closing connections, so the first close
     * must not be the one that fails: do it once, while descriptors last.
     */
    private static final Object CLOSE_PATH_READY = warmUpClose();

    private static Object warmUpClose() {
        try {
            SocketChannel.open().close();
        } catch (IOException e) {
            // Nothing to warm up if even this fails; a later close will report its own error.
        }
        return Boolean.TRUE;
    }

    @Override
    public Watch find(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        return key != null && key.isValid() ? (Watch) key.attachment() : null;
    }

    @Override
    public void attach(Watch watch) {
        SelectableChannel ch = watch.channel;
        SelectionKey stale = ch.keyFor(selector);
        if (stale != null) {
            // Cancelled earlier in this iteration, when the channel went idle: flush it out first.
            flushCancelledKeys();
        }
        try {
            watch.registration = ch.register(selector, 0, watch);
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("cannot watch a closed channel: " + ch, e);
        } catch (IllegalBlockingModeException e) {
            throw new IllegalStateException("channel is in blocking mode: call "
                    + "channel.configureBlocking(false) before adding an event for it: " + ch, e);
        }
    }

    @Override
    public void update(Watch watch) {
        SelectionKey key = (SelectionKey) watch.registration;
        if (key == null) {
            return;
        }
        if (!key.isValid()) {
            // The user closed the channel under its events: they can never fire again.
            watch.registration = null;
            return;
        }
        if (watch.isEmpty()) {
            // Deregister, so that the channel may go back to blocking mode or to another selector.
            key.cancel();
            cancelled++;
            watch.registration = null;
            return;
        }
        int ops = interestOps(watch.channel, watch.wanted());
        try {
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            // Another thread closed the channel since the check above: as for a key found invalid.
            watch.registration = null;
        }
    }

    private static int interestOps(SelectableChannel ch, int wanted) {
        int ops = 0;
        if ((wanted & EventFlags.READ) != 0) {
            ops |= ch instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if ((wanted & EventFlags.WRITE) != 0) {
            ops |= ch instanceof SocketChannel && ((SocketChannel) ch).isConnectionPending()
                    ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        return ops;
    }

    /**
     * Which of {@code READ}/{@code WRITE} a channel can ever report, for checking an event's
     * mask when it is created.
     */
    static int supported(SelectableChannel ch) {
        int valid = ch.validOps();
        int ev = 0;
        if ((valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            ev |= EventFlags.READ;
        }
        if ((valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            ev |= EventFlags.WRITE;
        }
        return ev;
    }

    @Override
    public void poll(long timeoutNanos) throws IOException {
        cancelled = 0;
        if (timeoutNanos == 0) {
            selector.selectNow(onReady);
        } else if (timeoutNanos < 0) {
            selector.select(onReady);
        } else {
            // Round up: waking before the deadline would only spin.
            long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999L);
            selector.select(onReady, Math.max(1, millis));
        }
    }

    private void onReady(SelectionKey key) {
        Watch watch = (Watch) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException closedMeanwhile) {
            // Another thread closed the channel while this select ran: its events can never fire.
            return;
        }
        int ev = 0;
        if ((ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
            ev |= EventFlags.READ;
        }
        if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            ev |= EventFlags.WRITE;
        }
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            // Once the callback calls finishConnect(), OP_WRITE must replace OP_CONNECT.
            loop.queueUpdate(watch);
        }
        loop.channelReady(watch, ev);
    }

    @Override
    public void closed(Channel channel) {
        if (channel instanceof SelectableChannel && ((SelectableChannel) channel).isRegistered()) {
            cancelled++;
        }
    }

    @Override
    public void releaseIdle() {
        if (cancelled > 0) {
            flushCancelledKeys();
        }
    }

    /**
     * Deregisters cancelled keys now. Readiness seen by this select is not lost: the selector is
     * level-triggered and reports it again at the next one.
     */
    private void flushCancelledKeys() {
        cancelled = 0;
        try {
            selector.selectNow(key -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed while releasing cancelled keys", e);
        }
    }

    @Override
    public void forEachWatch(Consumer<Watch> action) {
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                action.accept((Watch) key.attachment());
            }
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // Closing a selector only releases its epoll descriptor; nothing is lost if it fails.
        }
    }
}
