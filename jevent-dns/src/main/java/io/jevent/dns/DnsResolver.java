package io.jevent.dns;

import io.jevent.EventBase;
import io.jevent.bufferevent.HostnameResolver;
import io.jevent.dns.internal.HostsFile;
import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.Names;
import io.jevent.dns.internal.Query;
import io.jevent.dns.internal.ResolverConfig;
import io.jevent.dns.internal.ResolverEngine;
import io.jevent.dns.internal.Rr;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An asynchronous DNS resolver on an {@link EventBase}: libevent's {@code struct evdns_base}. It
 * sends its own queries over UDP (TCP when an answer is truncated) to the nameservers it is
 * given, never blocking the loop and never using a helper thread.
 *
 * <pre>{@code
 * try (EventBase base = new EventBase(); DnsResolver dns = DnsResolver.system(base)) {
 *     dns.resolveIpv4("example.com", 0, answer -> System.out.println(answer));
 *     base.dispatch();
 * }
 * }</pre>
 *
 * <p><b>Configuration</b> is libevent's: {@link #resolvConf(Path)} reads {@code resolv.conf}
 * (nameserver, search, domain, options ndots, timeout, attempts, rotate, edns0),
 * {@link #loadHosts(Path)} a hosts file, {@link #addNameserver(String)} and
 * {@link #setOption(String, String)} do what {@code evdns_base_nameserver_ip_add} and
 * {@code evdns_base_set_option} do. {@link #system(EventBase)} reads {@code /etc/resolv.conf} and
 * {@code /etc/hosts}.
 *
 * <p><b>Failure</b> follows libevent: each transmission waits {@code timeout} (5 s), a request is
 * sent at most {@code attempts} (3) times, each time to the next nameserver that is up, and then
 * fails with {@link DnsError#TIMEOUT}, also when every nameserver is down. A nameserver that
 * times out {@code max-timeouts} (3) times in a row is down until a probe, sent after
 * {@code initial-probe-timeout} (10 s) and then at doubling intervals, gets an answer. Answers are
 * accepted only from the server asked, with the query's random ID and its question (letter case
 * included: 0x20 randomisation is on, as in libevent, "randomize-case:0" turns it off). Beyond
 * libevent, "cache-size:N" keeps up to N answers, positive and negative, for their TTL.
 *
 * <p><b>Threads:</b> a resolver belongs to its loop: configure it on the thread that runs the
 * loop, or before the loop runs. Lookups may be started and cancelled from any thread (they are
 * handed to the loop); every callback runs on the loop thread. libevent's default resolver keeps
 * the loop running while it exists; this one keeps it running only while a request is pending
 * (libevent's {@code EVDNS_BASE_DISABLE_WHEN_INACTIVE}).
 */
public final class DnsResolver implements AutoCloseable, HostnameResolver {
    /** {@code DNS_QUERY_NO_SEARCH}: ask for the name as given, without the search list. */
    public static final int NO_SEARCH = 1;

    private final EventBase base;
    final ResolverConfig config = new ResolverConfig();
    private final ResolverEngine engine;
    final HostsFile hosts = new HostsFile();
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    private static final class Cached {
        final DnsAnswer answer;
        final long expiresNanos;

        Cached(DnsAnswer answer, long expiresNanos) {
            this.answer = answer;
            this.expiresNanos = expiresNanos;
        }
    }

    /**
     * A resolver with no nameservers and libevent's default options: {@code evdns_base_new(base, 0)}.
     *
     * @param base the loop its sockets and timers run on
     */
    public DnsResolver(EventBase base) {
        this.base = Objects.requireNonNull(base, "base");
        this.engine = new ResolverEngine(base, config);
    }

    /**
     * A resolver configured from {@code /etc/resolv.conf} and {@code /etc/hosts}:
     * {@code evdns_base_new(base, EVDNS_BASE_INITIALIZE_NAMESERVERS)}. Without a resolv.conf the
     * nameserver is 127.0.0.1, as in libevent.
     *
     * @param base the loop
     * @return the resolver
     * @throws IOException when a file exists but cannot be read
     */
    public static DnsResolver system(EventBase base) throws IOException {
        DnsResolver r = new DnsResolver(base);
        r.resolvConf(Path.of("/etc/resolv.conf"));
        r.loadHosts(Path.of("/etc/hosts"));
        return r;
    }

    /**
     * Reads a {@code resolv.conf} file: {@code evdns_base_resolv_conf_parse(base, DNS_OPTIONS_ALL,
     * file)}. Unknown lines and options are ignored, as libc ignores them.
     *
     * @param file the file
     * @return this resolver
     * @throws IOException when the file exists but cannot be read
     */
    public DnsResolver resolvConf(Path file) throws IOException {
        config.readResolvConf(file);
        engine.syncNameservers();
        return this;
    }

    /**
     * Adds a nameserver: {@code evdns_base_nameserver_ip_add}. The text is parsed as
     * {@link Addresses#parseSockaddrPort} parses it; without a port, 53.
     *
     * @param addressAndPort "1.2.3.4", "127.0.0.1:5353", "[::1]:53"
     * @return this resolver
     * @throws IllegalArgumentException when the text is not such an address
     */
    public DnsResolver addNameserver(String addressAndPort) {
        InetSocketAddress a = Addresses.parseSockaddrPort(addressAndPort);
        return addNameserver(a.getPort() == 0 ? new InetSocketAddress(a.getAddress(), 53) : a);
    }

    /**
     * Adds a nameserver by socket address: {@code evdns_base_nameserver_sockaddr_add}.
     *
     * @param address the server's address and port
     * @return this resolver
     * @throws IllegalArgumentException when the address is unresolved
     */
    public DnsResolver addNameserver(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("a nameserver needs a numeric address, not the name "
                    + address.getHostString());
        }
        if (!config.nameservers.contains(address)) {
            config.nameservers.add(address);
        }
        engine.syncNameservers();
        return this;
    }

    /**
     * How many nameservers the resolver knows: {@code evdns_base_count_nameservers}.
     *
     * @return the count
     */
    public int nameserverCount() {
        return engine.nameserverCount();
    }

    /**
     * The nameservers, in order, with "(down)" after those taken as down.
     *
     * @return one "address:port" text per server
     */
    public List<String> nameservers() {
        return engine.describeNameservers();
    }

    /**
     * Loads a hosts file, which {@link #getAddrInfo} consults before asking a nameserver:
     * {@code evdns_base_load_hosts}. A missing file adds nothing.
     *
     * @param file the file, such as {@code /etc/hosts}
     * @return this resolver
     * @throws IOException when the file exists but cannot be read
     */
    public DnsResolver loadHosts(Path file) throws IOException {
        hosts.load(file);
        return this;
    }

    /**
     * Sets an option by name as {@code evdns_base_set_option} takes it: "ndots", "timeout"
     * (seconds, fractions allowed), "attempts", "max-timeouts", "max-reissues", "max-inflight",
     * "initial-probe-timeout", "max-probe-timeout", "randomize-case" (0 or 1), "rotate",
     * "edns-udp-size" (0 for none), and beyond libevent "cache-size" and "cache-max-ttl". A
     * trailing colon on the name ("timeout:") is accepted.
     *
     * @param name  the option
     * @param value its value as text
     * @return this resolver
     * @throws IllegalArgumentException for an unknown option or a value out of range, naming
     *         what is accepted
     */
    public DnsResolver setOption(String name, String value) {
        config.set(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a search domain: {@code evdns_base_search_add}.
     *
     * @param domain the domain, such as "example.com"
     * @return this resolver
     */
    public DnsResolver addSearch(String domain) {
        config.search.add(Names.check(domain));
        return this;
    }

    /**
     * Removes every search domain: {@code evdns_base_search_clear}.
     *
     * @return this resolver
     */
    public DnsResolver clearSearch() {
        config.search.clear();
        return this;
    }

    /**
     * The search domains, in order.
     *
     * @return a copy of the list
     */
    public List<String> searchDomains() {
        return List.copyOf(config.search);
    }

    /**
     * Looks up the IPv4 addresses of {@code name}: {@code evdns_base_resolve_ipv4}.
     *
     * @param name     the host name; with fewer dots than ndots it is tried with each search
     *                 domain first, a trailing dot disables the search
     * @param flags    0 or {@link #NO_SEARCH}
     * @param callback called once on the loop thread
     * @return the request, to cancel it
     */
    public DnsRequest resolveIpv4(String name, int flags, DnsCallback callback) {
        return resolve(name, Rr.A, flags, callback);
    }

    /**
     * Looks up the IPv6 addresses of {@code name}: {@code evdns_base_resolve_ipv6}.
     *
     * @param name     the host name, searched as for {@link #resolveIpv4}
     * @param flags    0 or {@link #NO_SEARCH}
     * @param callback called once on the loop thread
     * @return the request, to cancel it
     */
    public DnsRequest resolveIpv6(String name, int flags, DnsCallback callback) {
        return resolve(name, Rr.AAAA, flags, callback);
    }

    /**
     * Looks up the names of an address (PTR under in-addr.arpa or ip6.arpa):
     * {@code evdns_base_resolve_reverse} and {@code _reverse_ipv6}.
     *
     * @param address  the address
     * @param flags    0 or {@link #NO_SEARCH} (reverse names are never searched)
     * @param callback called once on the loop thread
     * @return the request, to cancel it
     */
    public DnsRequest resolveReverse(InetAddress address, int flags, DnsCallback callback) {
        return resolve(reverseName(address), Rr.PTR, flags | NO_SEARCH, callback);
    }

    /**
     * The name a reverse lookup of {@code address} asks for: "4.3.2.1.in-addr.arpa" for 1.2.3.4,
     * thirty-two nibbles and "ip6.arpa" for IPv6.
     *
     * @param address the address
     * @return the PTR name
     */
    public static String reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder s = new StringBuilder(80);
        if (address instanceof Inet4Address) {
            for (int i = 3; i >= 0; i--) {
                s.append(b[i] & 0xFF).append('.');
            }
            return s.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            s.append(Character.forDigit(b[i] & 0xF, 16)).append('.')
                    .append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append('.');
        }
        return s.append("ip6.arpa").toString();
    }

    /**
     * Looks up {@code node} and {@code service} as {@code evdns_getaddrinfo} does: numeric hosts,
     * "localhost" and hosts-file names are answered without a query, and then the callback runs
     * before this method returns, as in libevent; otherwise A and/or AAAA queries go out, both when
     * the hints' family is unspecified.
     *
     * @param node     a host name or address literal, or null with {@link AddrInfoHints#PASSIVE}
     *                 for the wildcard address (the loopback without it)
     * @param service  a port number or a service name from {@code /etc/services}, or null for 0
     * @param hints    family, socket type, protocol and flags; null for none
     * @param callback called once, on the loop thread or before this returns
     * @return the request, to cancel it
     */
    public DnsRequest getAddrInfo(String node, String service, AddrInfoHints hints, AddrInfoCallback callback) {
        Objects.requireNonNull(callback, "callback");
        AddrInfoLookup lookup = new AddrInfoLookup(this, node, service, hints == null ? new AddrInfoHints() : hints,
                callback);
        // What needs no query is answered on the calling thread, before this returns (libevent's rule).
        if (!lookup.answerAtOnce()) {
            onLoop(lookup::startQueries);
        }
        return lookup;
    }

    /**
     * Resolves a host for {@code SocketBufferEvent.connectHostname(resolver, family, host, port)}:
     * {@link #getAddrInfo} with a stream socket type, as {@code bufferevent_socket_connect_hostname}
     * does with an {@code evdns_base}. A failure carries the {@link AddrInfoError} code, which the
     * BufferEvent reports as {@code dnsError()}, and an {@link UnknownHostException} naming the host.
     *
     * @param host     a host name or an address literal
     * @param family   {@code INET}, {@code INET6}, or null for both
     * @param callback called once, on the loop thread or before this returns
     */
    @Override
    public void resolve(String host, ProtocolFamily family, HostnameResolver.Callback callback) {
        AddrInfoHints hints = new AddrInfoHints().socketType(AddrInfoHints.SOCK_STREAM);
        if (family != null) {
            if (!(family instanceof StandardProtocolFamily) || family == StandardProtocolFamily.UNIX) {
                throw new IllegalArgumentException("resolve looks up INET or INET6 addresses, not " + family);
            }
            hints.family((StandardProtocolFamily) family);
        }
        getAddrInfo(host, null, hints, (error, results) -> {
            if (error != AddrInfoError.NONE) {
                callback.resolved(List.of(), error.code(), new UnknownHostException(host + ": " + error.message()
                        + " (" + error + ")"));
                return;
            }
            List<InetAddress> addresses = new ArrayList<>(results.size());
            for (AddrInfo a : results) {
                addresses.add(a.address().getAddress());
            }
            callback.resolved(addresses, 0, null);
        });
    }

    /** Runs {@code task} now on the loop thread, or hands it to the loop. */
    void onLoop(Runnable task) {
        if (base.inLoopThread()) {
            task.run();
        } else {
            base.execute(task);
        }
    }

    EventBase base() {
        return base;
    }

    private DnsRequest resolve(String name, int type, int flags, DnsCallback callback) {
        Objects.requireNonNull(callback, "callback");
        String checked = Names.check(name);
        boolean search = (flags & NO_SEARCH) == 0 && !name.endsWith(".");
        Lookup lookup = new Lookup(checked, type, candidates(checked, search), callback);
        onLoop(lookup::next);
        return lookup;
    }

    /**
     * The names to try, in order (libevent's search rules): with at least ndots dots, the name
     * itself first, then with each search domain; with fewer, the search domains first.
     */
    List<String> candidates(String name, boolean search) {
        if (!search || config.search.isEmpty()) {
            return List.of(name);
        }
        int dots = 0;
        for (int i = 0; i < name.length(); i++) {
            dots += name.charAt(i) == '.' ? 1 : 0;
        }
        List<String> out = new ArrayList<>(config.search.size() + 1);
        if (dots >= config.ndots) {
            out.add(name);
        }
        for (String domain : config.search) {
            out.add(name + "." + domain);
        }
        if (dots < config.ndots) {
            out.add(name);
        }
        return out;
    }

    /** One resolveIpv4/Ipv6/Reverse call: its search list, tried one name after the other. */
    final class Lookup implements DnsRequest {
        private final String name;
        private final int type;
        private final List<String> candidates;
        private final DnsCallback callback;
        private int nextCandidate;
        private Query query;
        private boolean done;
        private volatile boolean cancelled;

        Lookup(String name, int type, List<String> candidates, DnsCallback callback) {
            this.name = name;
            this.type = type;
            this.candidates = candidates;
            this.callback = callback;
        }

        void next() {
            if (done) {
                return;
            }
            if (closed) {
                deliver(new DnsAnswer(DnsError.SHUTDOWN, type, name, List.of(), List.of(), 0));
                return;
            }
            if (cancelled) {
                deliver(new DnsAnswer(DnsError.CANCEL, type, name, List.of(), List.of(), 0));
                return;
            }
            String fqdn = candidates.get(nextCandidate++);
            DnsAnswer cached = fromCache(fqdn, type);
            if (cached != null) {
                result(cached);
                return;
            }
            if (engine.nameserverCount() == 0) {
                // libevent fails at once when it has no nameserver; say what to do.
                deliver(new DnsAnswer(DnsError.TIMEOUT, type, fqdn, List.of(), List.of(), 0));
                return;
            }
            query = engine.submit(fqdn, type, (code, reply) -> {
                query = null;
                DnsAnswer a = Answers.read(fqdn, type, code, reply);
                remember(fqdn, type, a);
                result(a);
            });
        }

        private void result(DnsAnswer a) {
            boolean tryNext = (a.error() == DnsError.NOTEXIST || a.error() == DnsError.NODATA)
                    && nextCandidate < candidates.size();
            if (tryNext && !cancelled) {
                next();
            } else {
                deliver(a);
            }
        }

        private void deliver(DnsAnswer a) {
            if (done) {
                return;
            }
            done = true;
            callback.onAnswer(a);
        }

        @Override
        public void cancel() {
            cancelled = true;
            onLoop(() -> {
                if (done) {
                    return;
                }
                if (query != null) {
                    Query q = query;
                    query = null;
                    engine.cancel(q, DnsError.CANCEL.code());
                }
                deliver(new DnsAnswer(DnsError.CANCEL, type, name, List.of(), List.of(), 0));
            });
        }
    }

    private DnsAnswer fromCache(String fqdn, int type) {
        if (config.cacheSize == 0) {
            return null;
        }
        String key = type + ":" + Names.lower(fqdn);
        Cached c = cache.get(key);
        if (c == null) {
            return null;
        }
        long left = c.expiresNanos - System.nanoTime();
        if (left <= 0) {
            cache.remove(key);
            return null;
        }
        DnsAnswer a = c.answer;
        return new DnsAnswer(a.error(), a.type(), a.name(), a.addresses(), a.names(), left / 1_000_000_000L);
    }

    private void remember(String fqdn, int type, DnsAnswer a) {
        boolean cacheable = a.ok() || a.error() == DnsError.NOTEXIST || a.error() == DnsError.NODATA;
        if (config.cacheSize == 0 || !cacheable || a.ttl() == 0) {
            return;
        }
        long ttl = Math.min(a.ttl(), config.cacheMaxTtl);
        cache.put(type + ":" + Names.lower(fqdn), new Cached(a, System.nanoTime() + ttl * 1_000_000_000L));
        while (cache.size() > config.cacheSize) {
            cache.remove(cache.keySet().iterator().next());
        }
    }

    /** Empties the answer cache (jevent's addition; libevent has no cache). Loop thread. */
    public void clearCache() {
        cache.clear();
    }

    /**
     * Frees the resolver: {@code evdns_base_free(base, 1)}. Every pending request's callback runs
     * with {@link DnsError#SHUTDOWN}; sockets and timers are closed. Loop thread, or any thread
     * (then handed to the loop, or done at once if no loop will run: the base is closed).
     */
    @Override
    public void close() {
        if (base.isClosed()) {
            closed = true;
            return;
        }
        onLoop(() -> {
            if (closed) {
                return;
            }
            closed = true;
            engine.shutdown(DnsError.SHUTDOWN.code());
        });
    }

    /** Reads the addresses or names out of a reply. */
    static final class Answers {
        private Answers() {
        }

        static DnsAnswer read(String fqdn, int type, int code, Message reply) {
            DnsError error = DnsError.of(code);
            if (reply == null) {
                return new DnsAnswer(error, type, fqdn, List.of(), List.of(), 0);
            }
            if (error != DnsError.NONE) {
                return new DnsAnswer(error, type, fqdn, List.of(), List.of(), negativeTtl(reply));
            }
            List<String> chain = new ArrayList<>(2);
            chain.add(fqdn);
            long ttl = Long.MAX_VALUE;
            // Follow CNAMEs from the name asked, in any order, bounded by the records present.
            for (int round = 0; round < reply.answers.size(); round++) {
                boolean grew = false;
                for (Rr r : reply.answers) {
                    if (r.type == Rr.CNAME && inChain(chain, r.name) && !inChain(chain, r.target)) {
                        chain.add(r.target);
                        ttl = Math.min(ttl, r.ttl);
                        grew = true;
                    }
                }
                if (!grew) {
                    break;
                }
            }
            List<InetAddress> addresses = new ArrayList<>();
            List<String> names = new ArrayList<>();
            long recordTtl = Long.MAX_VALUE;
            for (Rr r : reply.answers) {
                if (r.type != type || !inChain(chain, r.name)) {
                    continue;
                }
                recordTtl = Math.min(recordTtl, r.ttl);
                if (type == Rr.PTR) {
                    names.add(r.target);
                } else {
                    addresses.add(address(r.address));
                }
            }
            if (addresses.isEmpty() && names.isEmpty()) {
                return new DnsAnswer(DnsError.NODATA, type, fqdn, List.of(), List.of(), negativeTtl(reply));
            }
            return new DnsAnswer(DnsError.NONE, type, fqdn, addresses, names, Math.min(ttl, recordTtl));
        }

        private static InetAddress address(byte[] b) {
            try {
                return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
            } catch (java.net.UnknownHostException impossible) {
                throw new AssertionError(impossible);
            }
        }

        private static boolean inChain(List<String> chain, String name) {
            for (String c : chain) {
                if (Names.equal(c, name)) {
                    return true;
                }
            }
            return false;
        }

        /** RFC 2308: the smaller of the SOA record's TTL and its minimum field. */
        private static long negativeTtl(Message reply) {
            for (Rr r : reply.authority) {
                if (r.type == Rr.SOA && r.soa != null) {
                    return Math.min(r.ttl, r.soa[4]);
                }
            }
            return 0;
        }
    }
}
