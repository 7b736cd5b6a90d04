package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.listener.ConnListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The native backends' contract over io_uring, and what io_uring must do that epoll need not: a
 * poll request holds the file it watches, so closed channels must be let go of explicitly, and a
 * ring may belong to one thread, so a loop run by another thread must follow it.
 */
class IoUringBackendTest extends NativeBackendContract {
    @Override
    BackendKind kind() {
        return BackendKind.IO_URING;
    }

    @Test
    void aLoopRunByAnotherThreadLaterStillSeesItsChannels() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            AtomicInteger fired = new AtomicInteger();
            b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> {
                if (readSome(e)) {
                    fired.incrementAndGet();
                }
            }).add();
            SocketPair.write(pair.left, "a");
            LoopRunner.runUntil(b, () -> fired.get() == 1);
            CountDownLatch done = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                LoopRunner.runUntil(b, () -> fired.get() == 2);
                done.countDown();
            }, "second-loop-thread");
            other.start();
            SocketPair.write(pair.left, "b");
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            other.join(TimeUnit.SECONDS.toMillis(10));
            // And back on this thread.
            SocketPair.write(pair.left, "c");
            LoopRunner.runUntil(b, () -> fired.get() == 3);
        }
    }

    @Test
    void aLoopOnAVirtualThreadFollowsItFromCarrierToCarrier() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            int messages = 200;
            AtomicInteger fired = new AtomicInteger();
            b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> {
                if (readSome(e)) {
                    fired.incrementAndGet();
                }
            }).add();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Runnable loop = () -> {
                try {
                    for (int i = 0; i < messages; i++) {
                        SocketPair.write(pair.left, "m");
                        int expected = i + 1;
                        LoopRunner.runUntil(b, () -> fired.get() >= expected);
                        // Lets the scheduler move this thread to another carrier (another kernel
                        // thread), which the ring must follow.
                        Thread.yield();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    done.countDown();
                }
            };
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class).invoke(builder, loop);
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(failure.get()).isNull();
            assertThat(fired.get()).isEqualTo(messages);
        }
    }

    @Test
    void aChannelClosedAfterItsEventWasDeletedReachesItsPeerAtTheNextIteration() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            Event watched = b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> { });
            watched.add();
            b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            watched.del();
            pair.right.close();
            AtomicBoolean peerSawTheEnd = new AtomicBoolean();
            b.newEvent(pair.left, Ev.READ | Ev.PERSIST, (e, what) -> peerSawTheEnd.set(readsEnd(e))).add();
            LoopRunner.runUntil(b, peerSawTheEnd::get);
        }
    }

    @Test
    void aChannelClosedUnderItsEventIsLetGoOfWhileTheLoopRuns() throws Exception {
        try (EventBase b = base(); SocketPair pair = SocketPair.open()) {
            b.newEvent(pair.right, Ev.READ | Ev.PERSIST, (e, what) -> { }).add();
            b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            // Closed without deleting its event: the ring's poll still holds the socket open, until
            // the backend notices (within a second).
            pair.right.close();
            AtomicBoolean peerSawTheEnd = new AtomicBoolean();
            b.newEvent(pair.left, Ev.READ | Ev.PERSIST, (e, what) -> peerSawTheEnd.set(readsEnd(e))).add();
            LoopRunner.runUntil(b, peerSawTheEnd::get);
        }
    }

    @Test
    void aClosedListenersPortIsFreeAtOnce() throws Exception {
        try (EventBase b = base()) {
            ConnListener listener = ConnListener.bind(b, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    16, (l, ch, peer) -> SocketPair.closeQuietly(ch), ConnListener.Option.CLOSE_ON_FREE,
                    ConnListener.Option.REUSEABLE);
            InetSocketAddress address = (InetSocketAddress) listener.localAddress();
            b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK);
            listener.close();
            try (ServerSocketChannel again = ServerSocketChannel.open()) {
                again.bind(address);
                assertThat(again.getLocalAddress()).isEqualTo(address);
            }
        }
    }

    @Test
    void aListenerClosedByAnotherThreadThanTheLoopsStopsListeningAtOnce() throws Exception {
        try (EventBase b = base()) {
            ConnListener listener = ConnListener.bind(b, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    16, (l, ch, peer) -> SocketPair.closeQuietly(ch), ConnListener.Option.CLOSE_ON_FREE);
            InetSocketAddress address = (InetSocketAddress) listener.localAddress();
            // The ring belongs to the thread that ran the loop; this one must start another.
            Thread loopThread = new Thread(() -> b.loop(EventBase.LOOP_ONCE | EventBase.LOOP_NONBLOCK), "loop");
            loopThread.start();
            loopThread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(loopThread.isAlive()).isFalse();
            listener.close();
            assertThatThrownBy(() -> SocketChannel.open(address).close()).isInstanceOf(ConnectException.class);
            try (ServerSocketChannel again = ServerSocketChannel.open()) {
                again.bind(address);
            }
        }
    }

    private static boolean readsEnd(Event e) {
        try {
            return SocketPair.readAvailable((SocketChannel) e.channel()) == null;
        } catch (IOException failed) {
            return true;
        }
    }
}
