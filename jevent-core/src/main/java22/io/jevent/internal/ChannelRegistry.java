package io.jevent.internal;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Set;

/**
 * A stand-in selector that the io_uring backend registers its channels with, so that the JDK treats
 * them as it treats channels a {@code Selector} holds: it refuses {@code configureBlocking(true)},
 * and it defers closing the descriptor of a channel closed while registered (shutting its output
 * first, so that the peer sees the end at once) until the selector lets the channel go and calls
 * {@code kill()}. The close cancels the channel's key, which is how the backend learns of it.
 *
 * <p>io_uring needs this where epoll does not: a poll request in the ring holds a reference to the
 * file, so a channel closed under its poll would stay open in the kernel, and its descriptor number
 * could be handed to a new channel while the backend still thinks of the old one. With the close
 * deferred, the number stays the channel's until the backend has removed the poll. Both native
 * backends keep a second one for the same reason in {@link DirectIo}: a socket read and written
 * through its descriptor must keep that descriptor while the loop may use it.
 *
 * <p>The keys have no interest set and never become ready; only {@link #takeCancelled} and
 * {@link #release} look at them. Any thread may cancel a key (closing a channel does);
 * {@link #takeCancelled} and {@link #release} belong to the loop thread or the holder of the loop's
 * lock.
 */
final class ChannelRegistry extends InterruptWakeup {
    ChannelRegistry(Runnable wake) {
        super(wake);
    }

    /**
     * Registers {@code channel} with {@code holder} (the backend's watch, or a direct channel)
     * attached, first letting go of a key of it that was cancelled but not yet released.
     *
     * @throws ClosedChannelException             if the channel is closed
     * @throws java.nio.channels.IllegalBlockingModeException if it is in blocking mode
     */
    SelectionKey register(SelectableChannel channel, Object holder) throws ClosedChannelException {
        SelectionKey stale = channel.keyFor(this);
        if (stale != null && !stale.isValid()) {
            // The JDK would hand the cancelled key back, as java.nio's selectors do until they flush it.
            release(stale);
        }
        return channel.register(this, 0, holder);
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel channel, int ops, Object attachment) {
        Key key = new Key(channel, this);
        key.attach(attachment);
        return key;
    }

    /** Whether keys were cancelled since the last {@link #takeCancelled}. */
    boolean anyCancelled() {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            return !cancelled.isEmpty();
        }
    }

    /** Moves the keys cancelled since the last call into {@code into}, for {@link #release}. */
    void takeCancelled(ArrayList<SelectionKey> into) {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            if (cancelled.isEmpty()) {
                return;
            }
            for (Iterator<SelectionKey> it = cancelled.iterator(); it.hasNext(); ) {
                into.add(it.next());
                it.remove();
            }
        }
    }

    /**
     * Lets go of a cancelled key: removes it from its channel, and finishes closing the channel if it
     * was closed and no other selector holds it (what the JDK's selectors do when they flush a key).
     *
     * <p>A closed server socket is also shut down first, which takes it out of the listening state
     * at once: if its poll was in a ring that was replaced (see {@code IoUringBackend}), the kernel
     * cancels that poll, and releases the file, a moment later, in the background, and the port
     * must be free for the next bind now (the JDK itself shuts a connected socket's output when it
     * defers its close, so its peer sees the end at once).
     */
    void release(SelectionKey key) {
        deregister((AbstractSelectionKey) key);
        SelectableChannel channel = key.channel();
        if (!channel.isOpen() && !channel.isRegistered()) {
            if (channel instanceof ServerSocketChannel) {
                Libc.shutdown(ChannelFds.fd(channel));
            }
            ChannelFds.kill(channel);
        }
    }

    /** A registration: no interest, never ready. */
    private static final class Key extends AbstractSelectionKey {
        private final SelectableChannel channel;
        private final Selector selector;

        Key(SelectableChannel channel, Selector selector) {
            this.channel = channel;
            this.selector = selector;
        }

        @Override
        public SelectableChannel channel() {
            return channel;
        }

        @Override
        public Selector selector() {
            return selector;
        }

        @Override
        public int interestOps() {
            return 0;
        }

        @Override
        public SelectionKey interestOps(int ops) {
            return this;
        }

        @Override
        public int readyOps() {
            return 0;
        }
    }
}
