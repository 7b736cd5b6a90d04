package io.jevent.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link HttpResolver#jdk()}: the JDK's blocking lookup on daemon threads that end after a minute
 * unused, so a program that made one request keeps no thread. A literal address needs no thread.
 */
final class JdkResolver implements HttpResolver {
    static final JdkResolver INSTANCE = new JdkResolver();

    private final ExecutorService threads = new ThreadPoolExecutor(0, 16, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "jevent-http-resolver");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    private JdkResolver() {
    }

    @Override
    public void resolve(String host, int port, Callback callback) {
        if (isLiteral(host)) {
            lookUp(host, port, callback);
        } else {
            threads.execute(() -> lookUp(host, port, callback));
        }
    }

    private static void lookUp(String host, int port, Callback callback) {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                out.add(new InetSocketAddress(a, port));
            }
        } catch (UnknownHostException e) {
            callback.resolved(null, e);
            return;
        }
        callback.resolved(out, null);
    }

    /** An IPv4 or IPv6 literal, which getAllByName answers without a lookup. */
    private static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return !host.isEmpty();
    }
}
