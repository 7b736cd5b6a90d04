package io.jevent.internal;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * Makes {@code Thread.interrupt()} wake a thread blocked in {@code epoll_wait} or
 * {@code io_uring_enter}, as it wakes one blocked in a {@code Selector}: the loop stops on an
 * interrupt (see {@code EventLoop}). A downcall knows nothing of interrupts; {@link AbstractSelector}'s {@code begin()} and {@code end()} are the
 * JDK's public hook for a selector implementation to be woken by one, calling {@link #wakeup()}.
 * This selector never selects anything; it exists for that hook ({@link ChannelRegistry} adds the
 * registration of channels to it).
 */
class InterruptWakeup extends AbstractSelector {
    private final Runnable wake;

    InterruptWakeup(Runnable wake) {
        super(SelectorProvider.provider());
        this.wake = wake;
    }

    /** Before a blocking wait; wakes at once if the thread is already interrupted. */
    final void enter() {
        begin();
    }

    /** After the wait. */
    final void exit() {
        end();
    }

    @Override
    public final Selector wakeup() {
        wake.run();
        return this;
    }

    @Override
    protected void implCloseSelector() {
        // Nothing is held: the hook only calls wakeup().
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        throw new UnsupportedOperationException("a native backend's interrupt hook registers no channel");
    }

    @Override
    public Set<SelectionKey> keys() {
        return Set.of();
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        return Set.of();
    }

    @Override
    public int selectNow() {
        return 0;
    }

    @Override
    public int select(long timeout) {
        return 0;
    }

    @Override
    public int select() {
        return 0;
    }
}
