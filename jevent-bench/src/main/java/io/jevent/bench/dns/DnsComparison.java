package io.jevent.bench.dns;

import io.jevent.EventBase;
import io.jevent.dns.DnsResolver;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverChannelStrategy;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.Context;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

/**
 * Resolves N distinct names (default 10,000) against one local dnsmasq with at most M lookups in
 * flight (default 100), with jevent-dns, with Netty's DnsNameResolver (NIO, no caches), and with
 * the JDK's own blocking DNS client on a pool of M threads; prints lookups per second and bytes
 * allocated per lookup (all threads of the JVM, from the JDK's per-thread counters).
 *
 * <p>The JDK's {@code InetAddress} cannot be pointed at a nameserver on a port other than 53
 * without changing the machine's resolv.conf; the JDK's DNS client that can, the one behind JNDI's
 * {@code dns:} provider, stands in for it.
 *
 * <p>Run: {@code java -cp jevent-bench/target/benchmarks.jar io.jevent.bench.dns.DnsComparison
 * [names] [inflight] [rounds]} with dnsmasq installed.
 */
public final class DnsComparison {
    /** allocated() just before the threads of the last run were stopped. */
    private static java.util.Map<Long, Long> allocatedAtEnd;

    private DnsComparison() {
    }

    public static void main(String[] args) throws Exception {
        int names = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int inflight = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> hosts = new ArrayList<>(names);
        for (int i = 0; i < names; i++) {
            hosts.add("h" + i + ".bench.test");
        }
        Process dnsmasq = null;
        Path dir = Files.createTempDirectory("dns-bench");
        try {
            int port = freePort();
            dnsmasq = startDnsmasq(dir, port, hosts);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
            System.out.printf(Locale.ROOT, "%d names, %d in flight, dnsmasq on %s, %d rounds (first is warm-up)%n",
                    names, inflight, server, rounds);
            // Rounds rotate through the three, so that a noisy moment on a shared machine hits all of
            // them; the first round is a warm-up. The median of the others is reported.
            List<String> kinds = List.of("jevent", "netty", "jdk");
            java.util.Map<String, List<double[]>> runs = new java.util.LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (String which : kinds) {
                    java.util.Map<Long, Long> allocBefore = allocated();
                    long start = System.nanoTime();
                    int ok;
                    switch (which) {
                        case "jevent":
                            ok = jevent(server, hosts, inflight);
                            break;
                        case "netty":
                            ok = netty(server, hosts, inflight);
                            break;
                        default:
                            ok = jdk(server, hosts, inflight);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    // Taken by each run before its threads end: a dead thread's counter is gone.
                    long alloc = allocatedBetween(allocBefore, allocatedAtEnd);
                    if (ok != names) {
                        throw new IllegalStateException(which + ": only " + ok + " of " + names + " resolved");
                    }
                    if (r > 0) {
                        runs.computeIfAbsent(which, k -> new ArrayList<>())
                                .add(new double[] {names / seconds, (double) alloc / names});
                    }
                }
            }
            for (java.util.Map.Entry<String, List<double[]>> e : runs.entrySet()) {
                List<double[]> list = e.getValue();
                list.sort(java.util.Comparator.comparingDouble(x -> x[0]));
                double[] median = list.get(list.size() / 2);
                System.out.printf(Locale.ROOT, "%-7s median %8.0f lookups/s (min %6.0f, max %6.0f)  %6.0f bytes"
                        + " allocated per lookup%n", e.getKey(), median[0], list.get(0)[0],
                        list.get(list.size() - 1)[0], median[1]);
            }
        } finally {
            if (dnsmasq != null) {
                dnsmasq.destroy();
                dnsmasq.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** jevent-dns: one loop thread; each answer starts the next lookup. */
    static int jevent(InetSocketAddress server, List<String> hosts, int inflight) throws Exception {
        try (EventBase base = new EventBase(); DnsResolver dns = new DnsResolver(base)) {
            dns.addNameserver(server).setOption("max-inflight", String.valueOf(inflight))
                    .setOption("timeout", "5");
            int[] next = {0};
            int[] ok = {0};
            int[] done = {0};
            Runnable[] issue = new Runnable[1];
            issue[0] = () -> {
                String name = hosts.get(next[0]++);
                dns.resolveIpv4(name, DnsResolver.NO_SEARCH, a -> {
                    if (a.ok()) {
                        ok[0]++;
                    }
                    done[0]++;
                    if (next[0] < hosts.size()) {
                        issue[0].run();
                    }
                });
            };
            base.execute(() -> {
                for (int i = 0; i < inflight && next[0] < hosts.size(); i++) {
                    issue[0].run();
                }
            });
            base.dispatch();
            allocatedAtEnd = allocated();
            return ok[0];
        }
    }

    /** Netty's DnsNameResolver on one NIO event loop, caches off; each answer starts the next lookup. */
    static int netty(InetSocketAddress server, List<String> hosts, int inflight) throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventLoop loop = group.next();
            DnsNameResolver resolver = new DnsNameResolverBuilder(loop)
                    .datagramChannelType(NioDatagramChannel.class)
                    .datagramChannelStrategy(DnsNameResolverChannelStrategy.ChannelPerResolver)
                    .nameServerProvider(new SingletonDnsServerAddressStreamProvider(server))
                    .resolveCache(NoopDnsCache.INSTANCE)
                    .cnameCache(NoopDnsCnameCache.INSTANCE)
                    .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                    .resolvedAddressTypes(ResolvedAddressTypes.IPV4_ONLY)
                    .optResourceEnabled(false)
                    .queryTimeoutMillis(5000)
                    .build();
            CountDownLatch finished = new CountDownLatch(1);
            AtomicInteger ok = new AtomicInteger();
            int[] next = {0};
            int[] done = {0};
            Runnable[] issue = new Runnable[1];
            issue[0] = () -> {
                String name = hosts.get(next[0]++);
                resolver.resolve(name).addListener(f -> {
                    if (f.isSuccess()) {
                        ok.incrementAndGet();
                    }
                    if (++done[0] == hosts.size()) {
                        finished.countDown();
                    } else if (next[0] < hosts.size()) {
                        issue[0].run();
                    }
                });
            };
            loop.execute(() -> {
                for (int i = 0; i < inflight && next[0] < hosts.size(); i++) {
                    issue[0].run();
                }
            });
            if (!finished.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("netty did not finish");
            }
            allocatedAtEnd = allocated();
            loop.submit(resolver::close).sync();
            return ok.get();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    /** The JDK's blocking DNS client on a pool: one context per thread, at most {@code inflight} at once. */
    static int jdk(InetSocketAddress server, List<String> hosts, int inflight) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(inflight);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(inflight);
        for (int t = 0; t < inflight; t++) {
            pool.execute(() -> {
                try {
                    Hashtable<String, String> env = new Hashtable<>();
                    env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
                    env.put(Context.PROVIDER_URL, "dns://" + server.getAddress().getHostAddress() + ":"
                            + server.getPort());
                    env.put("com.sun.jndi.dns.recursion", "true");
                    InitialDirContext ctx = new InitialDirContext(env);
                    String[] types = {"A"};
                    for (int i; (i = next.getAndIncrement()) < hosts.size();) {
                        Attributes a = ctx.getAttributes(hosts.get(i), types);
                        if (a.get("A") != null && InetAddress.getByName((String) a.get("A").get()) != null) {
                            ok.incrementAndGet();
                        }
                    }
                    ctx.close();
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await(300, TimeUnit.SECONDS);
        allocatedAtEnd = allocated();
        pool.shutdown();
        return ok.get();
    }

    /** Bytes allocated so far by each live thread of this JVM, by thread id. */
    static java.util.Map<Long, Long> allocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long[] bytes = mx.getThreadAllocatedBytes(ids);
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }

    /** What the threads alive at {@code after} allocated since {@code before} (new threads from 0). */
    static long allocatedBetween(java.util.Map<Long, Long> before, java.util.Map<Long, Long> after) {
        long sum = 0;
        for (java.util.Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    static Process startDnsmasq(Path dir, int port, List<String> hosts) throws Exception {
        StringBuilder conf = new StringBuilder();
        conf.append("port=").append(port).append("\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\n")
                .append("no-hosts\nlocal=/test/\nlocal-ttl=60\ncache-size=0\npid-file=\nuser=\n");
        for (int i = 0; i < hosts.size(); i++) {
            conf.append("host-record=").append(hosts.get(i)).append(",10.").append((i >> 16) & 255).append('.')
                    .append((i >> 8) & 255).append('.').append(i & 255).append('\n');
        }
        Path file = dir.resolve("dnsmasq.conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(exe(), "--keep-in-foreground", "--conf-file=" + file)
                .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.log").toFile()).start();
        // Ready when it answers: ask with jevent until it does (bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (jevent(new InetSocketAddress("127.0.0.1", port), List.of(hosts.get(0)), 1) == 1) {
                return p;
            }
        }
        p.destroy();
        throw new IllegalStateException("dnsmasq did not start: " + Files.readString(dir.resolve("dnsmasq.log")));
    }

    private static String exe() {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
            if (Files.isExecutable(Path.of(d, "dnsmasq"))) {
                return Path.of(d, "dnsmasq").toString();
            }
        }
        throw new IllegalStateException("dnsmasq is not installed (apt-get install dnsmasq)");
    }

    private static int freePort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
