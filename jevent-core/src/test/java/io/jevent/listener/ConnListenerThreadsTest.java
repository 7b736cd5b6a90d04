package io.jevent.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import io.jevent.Stress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A ConnListener called from several threads at once: its operations are atomic, so what
 * {@code isEnabled()} says is what the loop does, and two closes both return once the listener is
 * closed and its port is free.
 */
class ConnListenerThreadsTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void aListenerEnabledAndDisabledAtOnceAcceptsExactlyWhenItSaysItIsEnabled() {
        Stress.run("enable() and disable() race", stress -> {
            try (EventBase base = new EventBase();
                    ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (l, ch, peer) -> { },
                            ConnListener.Option.CLOSE_ON_FREE)) {
                // Rounds in lockstep: this thread decides whether there is another, the two race in it.
                CyclicBarrier start = new CyclicBarrier(3);
                CyclicBarrier done = new CyclicBarrier(3);
                AtomicBoolean more = new AtomicBoolean(true);
                for (boolean enable : new boolean[] {true, false}) {
                    stress.fork(enable ? "enabler" : "disabler", () -> {
                        while (true) {
                            start.await(10, TimeUnit.SECONDS);
                            if (!more.get()) {
                                return;
                            }
                            if (enable) {
                                listener.enable();
                            } else {
                                listener.disable();
                            }
                            done.await(10, TimeUnit.SECONDS);
                        }
                    });
                }
                while (true) {
                    more.set(stress.running());
                    start.await(10, TimeUnit.SECONDS);
                    if (!more.get()) {
                        break;
                    }
                    done.await(10, TimeUnit.SECONDS);
                    // No loop runs, so both calls were applied to the engine directly, in lock order.
                    boolean accepting = base.eventCount(EventBase.COUNT_ADDED) == 1;
                    assertThat(accepting).as("the accept event is pending").isEqualTo(listener.isEnabled());
                    stress.progress();
                }
                stress.joinForked();
            }
        });
    }

    @Test
    void twoThreadsClosingAtOnceBothReturnOnceThePortIsFree() throws Exception {
        try (EventBase base = new EventBase()) {
            CountDownLatch stopped = new CountDownLatch(1);
            Thread loop = new Thread(() -> {
                base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
                stopped.countDown();
            }, "loop");
            loop.start();
            Stress.run("close() race", stress -> {
                while (stress.running()) {
                    ConnListener listener = ConnListener.bind(base, ANY_LOOPBACK_PORT, -1, (l, ch, peer) -> { },
                            ConnListener.Option.CLOSE_ON_FREE, ConnListener.Option.REUSEABLE);
                    SocketAddress address = listener.localAddress();
                    CyclicBarrier start = new CyclicBarrier(2);
                    AtomicBoolean openAfterAClose = new AtomicBoolean();
                    Thread[] closers = new Thread[2];
                    for (int i = 0; i < 2; i++) {
                        closers[i] = stress.fork("closer-" + i, () -> {
                            start.await(10, TimeUnit.SECONDS);
                            listener.close();
                            if (listener.channel().isOpen()) {
                                openAfterAClose.set(true);
                            }
                        });
                    }
                    stress.joinForked();
                    assertThat(openAfterAClose).as("the channel was open after a close() returned").isFalse();
                    try (ServerSocketChannel again = ServerSocketChannel.open()) {
                        again.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                        again.bind(address);
                    }
                    stress.progress();
                }
            });
            base.loopBreak();
            assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
