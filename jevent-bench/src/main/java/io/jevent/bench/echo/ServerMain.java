package io.jevent.bench.echo;

import io.jevent.BackendKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One echo server in a process of its own, so that the comparison can pin it to a core and read its
 * memory: {@code ServerMain jevent-nio|jevent-epoll|jevent-io_uring|jevent-io_uring-completion|netty-nio|netty-epoll|netty-io_uring|raw-nio},
 * on two loops {@code jevent-2loops|jevent-2loops-reuseport|netty-nio-2loops}, or
 * {@code ServerMain jevent-tls|netty-tls CERT_DIR} for the TLS echo ({@link TlsEchoSetup}). Prints
 * {@code ready PORT BACKEND} (the backend its loop really runs), or {@code unavailable REASON} and
 * exits when this JVM or machine cannot run that server (a native backend or transport). Then
 * answers {@code stats} on stdin with the loop thread's allocated bytes and CPU time and the heap in
 * use after a GC, and stops on {@code quit} or end of input.
 */
public final class ServerMain {
    private ServerMain() {
    }

    static EchoServer create(String kind, InetSocketAddress address, String... rest) throws Exception {
        switch (kind) {
            case "jevent-tls":
                return new JeventTlsEchoServer(address, Path.of(rest[0]));
            case "netty-tls":
                return new NettyTlsEchoServer(address, Path.of(rest[0]));
            case "jevent-nio":
                return new JeventEchoServer(address, BackendKind.NIO);
            case "jevent-epoll":
                return new JeventEchoServer(address, BackendKind.EPOLL);
            case "jevent-io_uring":
                return new JeventEchoServer(address, BackendKind.IO_URING);
            case "jevent-io_uring-completion":
                return new JeventEchoServer(address, BackendKind.IO_URING, true);
            case "netty-nio":
                return new NettyEchoServer(NettyEchoServer.Transport.NIO, address);
            case "netty-epoll":
                return new NettyEchoServer(NettyEchoServer.Transport.EPOLL, address);
            case "netty-io_uring":
                return new NettyEchoServer(NettyEchoServer.Transport.IO_URING, address);
            case "raw-nio":
                return new RawNioEchoServer(address);
            case "jevent-2loops":
                return new JeventGroupEchoServer(address, 2, io.jevent.listener.GroupListener.Spread.HANDOFF);
            case "jevent-2loops-reuseport":
                return new JeventGroupEchoServer(address, 2, io.jevent.listener.GroupListener.Spread.REUSEPORT);
            case "netty-nio-2loops":
                return new NettyEchoServer(NettyEchoServer.Transport.NIO, address, 2);
            default:
                throw new IllegalArgumentException("unknown server " + kind + ": jevent-nio, jevent-epoll,"
                        + " jevent-io_uring, jevent-io_uring-completion, netty-nio, netty-epoll, netty-io_uring, raw-nio, jevent-2loops,"
                        + " jevent-2loops-reuseport, netty-nio-2loops, or jevent-tls or netty-tls with a directory");
        }
    }

    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EchoServer created;
        try {
            created = create(args[0], new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    Arrays.copyOfRange(args, 1, args.length));
        } catch (UnsupportedOperationException e) {
            // A native backend or transport this JVM or kernel cannot run: the comparison skips it.
            System.out.println("unavailable " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return;
        }
        try (EchoServer server = created) {
            Thread loop = server.start();
            System.out.println("ready " + server.address().getPort() + " " + server.backend());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                if (line.equals("stats")) {
                    long alloc = mx.getThreadAllocatedBytes(loop.getId());
                    long cpu = mx.getThreadCpuTime(loop.getId());
                    System.gc();
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    System.out.println("stats " + alloc + " " + cpu + " " + heap);
                }
            }
        }
    }
}
