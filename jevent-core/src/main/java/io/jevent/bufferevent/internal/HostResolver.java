package io.jevent.bufferevent.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Name lookups for {@code connectHostname}, off the loop thread: the JDK's resolver blocks, and a
 * loop must never block. A few daemon threads serve every base; idle ones go away after a while.
 * The asynchronous DNS module replaces this for users who want no threads at all.
 */
public final class HostResolver {
    private static final ExecutorService LOOKUPS = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread t = new Thread(task, "jevent-resolver");
                t.setDaemon(true);
                return t;
            });

    static {
        ((ThreadPoolExecutor) LOOKUPS).allowCoreThreadTimeOut(true);
    }

    private HostResolver() {
    }

    /**
     * Looks {@code host} up and hands the first address, or the failure, to {@code done}, on a
     * resolver thread.
     */
    public static void resolve(String host, BiConsumer<InetAddress, IOException> done) {
        LOOKUPS.execute(() -> {
            InetAddress address;
            try {
                address = InetAddress.getAllByName(host)[0];
            } catch (UnknownHostException e) {
                done.accept(null, e);
                return;
            } catch (RuntimeException e) {
                done.accept(null, new UnknownHostException("cannot resolve \"" + host + "\": " + e));
                return;
            }
            done.accept(address, null);
        });
    }
}
