package io.jevent.bench.echo;

import io.jevent.BackendKind;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Bytes the jevent echo server's loop thread allocates per echoed message in steady state: warm up,
 * then count the thread's allocations over many messages. Run with
 * {@code java -cp jevent-bench/target/benchmarks.jar io.jevent.bench.echo.EchoAllocation [messages]}.
 */
public final class EchoAllocation {
    private EchoAllocation() {
    }

    /**
     * Bytes per message allocated by the server thread while the load echoes {@code messages}: the
     * lower of two such windows after the warm-up. What the JIT allocates once, until it has
     * compiled the last of the hot path (a native call's state, boxed before escape analysis
     * applies), can fall late on a slow machine and then shows in one window only; an allocation
     * per message shows in both.
     */
    public static double measure(EchoLoad.Config config, long warmup, long messages) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (JeventEchoServer server = new JeventEchoServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                BackendKind.AUTO)) {
            Thread loop = server.start();
            try (EchoLoad load = new EchoLoad(config, server.address())) {
                load.measureMessages(warmup, 1);
                double least = Double.MAX_VALUE;
                for (int window = 0; window < 2; window++) {
                    long before = mx.getThreadAllocatedBytes(loop.getId());
                    EchoLoad.Result r = load.measureMessages(0, messages);
                    long after = mx.getThreadAllocatedBytes(loop.getId());
                    least = Math.min(least, (after - before) / (double) r.messages());
                }
                return least;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        for (EchoLoad.Config config : new EchoLoad.Config[] {
            new EchoLoad.Config(10, 16, 64, 1), new EchoLoad.Config(10, 4, 16 * 1024, 1)}) {
            double perMessage = measure(config, 200_000, messages);
            System.out.printf("%s: %.3f bytes allocated per echoed message over %,d messages%n",
                    config, perMessage, messages);
        }
    }
}
