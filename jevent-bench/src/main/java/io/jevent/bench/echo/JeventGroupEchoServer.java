package io.jevent.bench.echo;

import io.jevent.Ev;
import io.jevent.EventBaseGroup;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.listener.ConnListener;
import io.jevent.listener.GroupListener;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link JeventEchoServer} on several loops: an {@link EventBaseGroup} and a {@link GroupListener}
 * that spreads the connections over it, as a jevent user would write it for several cores.
 */
public final class JeventGroupEchoServer implements EchoServer {
    private final EventBaseGroup group;
    private final GroupListener listener;

    public JeventGroupEchoServer(InetSocketAddress address, int loops, GroupListener.Spread spread) {
        group = EventBaseGroup.builder().loops(loops).name("echo").build();
        listener = GroupListener.bind(group, address, -1, spread, (base, channel, peer) -> {
            BufferEvent bev = BufferEvent.socket(base, channel, BevOption.CLOSE_ON_FREE);
            bev.setCallbacks(b -> b.output().addBuffer(b.input()), null, (b, events) -> {
                if ((events & (BevEvent.EOF | BevEvent.ERROR)) != 0) {
                    b.close();
                }
            });
            bev.enable(Ev.READ | Ev.WRITE);
        }, ConnListener.Option.REUSEABLE);
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public String backend() {
        return group.get(0).backendName();
    }

    /** The loops run already; the first one's thread stands for them in the per-thread figures. */
    @Override
    public Thread start() {
        Thread[] first = new Thread[1];
        CountDownLatch seen = new CountDownLatch(1);
        group.get(0).execute(() -> {
            first[0] = Thread.currentThread();
            seen.countDown();
        });
        try {
            if (!seen.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("loop 0 did not run a task within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
        return first[0];
    }

    @Override
    public void close() {
        listener.close();
        group.close();
    }
}
