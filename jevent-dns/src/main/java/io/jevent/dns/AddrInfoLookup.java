package io.jevent.dns;

import io.jevent.Event;
import io.jevent.dns.internal.CNumbers;
import io.jevent.dns.internal.Services;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * One {@link DnsResolver#getAddrInfo} call ({@code evdns_getaddrinfo}): what can be answered at
 * once is; otherwise an A and/or an AAAA lookup, and when one of two has answered the other gets
 * three more seconds (libevent's "getaddrinfo-allow-skew") before it is cancelled.
 */
final class AddrInfoLookup implements DnsRequest {
    private static final Duration SKEW = Duration.ofSeconds(3);

    private final DnsResolver resolver;
    private final String node;
    private final String service;
    private final AddrInfoHints hints;
    private final AddrInfoCallback callback;
    private int port;
    private DnsRequest ipv4;
    private DnsRequest ipv6;
    private DnsAnswer ipv4Answer;
    private DnsAnswer ipv6Answer;
    private int pending;
    private Event skewTimer;
    private boolean done;
    private volatile boolean cancelled;

    AddrInfoLookup(DnsResolver resolver, String node, String service, AddrInfoHints hints,
            AddrInfoCallback callback) {
        this.resolver = resolver;
        this.node = node;
        this.service = service;
        this.hints = hints;
        this.callback = callback;
    }

    private boolean wantV4;
    private boolean wantV6;

    /**
     * Answers what needs no query (bad arguments, literals, localhost, the hosts file).
     *
     * @return whether the callback has run
     */
    boolean answerAtOnce() {
        if (node == null && service == null) {
            fail(AddrInfoError.NONAME);
            return true;
        }
        port = port();
        if (port < 0) {
            fail(AddrInfoError.NONAME);
            return true;
        }
        wantV4 = hints.family() != StandardProtocolFamily.INET6;
        wantV6 = hints.family() != StandardProtocolFamily.INET;
        if (hints.family() == null && (hints.flags() & AddrInfoHints.ADDRCONFIG) != 0) {
            boolean[] have = configuredFamilies();
            if (have[0] != have[1]) {
                wantV4 = have[0];
                wantV6 = have[1];
            }
        }
        List<InetAddress> at = new ArrayList<>();
        if (node == null) {
            boolean passive = (hints.flags() & AddrInfoHints.PASSIVE) != 0;
            if (wantV4) {
                at.add(address(passive ? new byte[4] : new byte[] {127, 0, 0, 1}));
            }
            if (wantV6) {
                byte[] v6 = new byte[16];
                v6[15] = (byte) (passive ? 0 : 1);
                at.add(address(v6));
            }
            succeed(at, null);
            return true;
        }
        byte[] v4 = Addresses.inetPton(StandardProtocolFamily.INET, node);
        byte[] v6 = v4 == null ? Addresses.inetPton(StandardProtocolFamily.INET6, node) : null;
        if (v4 != null || v6 != null) {
            if ((v4 != null && !wantV4) || (v6 != null && !wantV6)) {
                fail(AddrInfoError.NONAME);
                return true;
            }
            at.add(address(v4 != null ? v4 : v6));
            succeed(at, node);
            return true;
        }
        if ((hints.flags() & AddrInfoHints.NUMERICHOST) != 0) {
            fail(AddrInfoError.NONAME);
            return true;
        }
        String bare = node.endsWith(".") ? node.substring(0, node.length() - 1) : node;
        if (bare.equalsIgnoreCase("localhost")) {
            if (wantV4) {
                at.add(address(new byte[] {127, 0, 0, 1}));
            }
            if (wantV6) {
                byte[] loop = new byte[16];
                loop[15] = 1;
                at.add(address(loop));
            }
            succeed(at, "localhost");
            return true;
        }
        for (InetAddress a : resolver.hosts.lookup(bare)) {
            if ((a instanceof Inet4Address && wantV4) || (a instanceof Inet6Address && wantV6)) {
                at.add(a);
            }
        }
        if (!at.isEmpty()) {
            succeed(v4First(at), bare);
            return true;
        }
        return false;
    }

    /** Sends the A and/or AAAA queries; on the loop thread. */
    void startQueries() {
        if (cancelled) {
            fail(AddrInfoError.CANCEL);
            return;
        }
        if (wantV4) {
            pending++;
        }
        if (wantV6) {
            pending++;
        }
        if (wantV4) {
            ipv4 = resolver.resolveIpv4(node, 0, a -> answered(a, true));
        }
        if (wantV6) {
            ipv6 = resolver.resolveIpv6(node, 0, a -> answered(a, false));
        }
    }

    private void answered(DnsAnswer a, boolean v4) {
        if (v4) {
            ipv4Answer = a;
        } else {
            ipv6Answer = a;
        }
        if (--pending > 0) {
            if (a.ok()) {
                // One family answered: wait a little for the other, then give what there is.
                skewTimer = resolver.base().newTimer((ev, what) -> {
                    skewTimer = null;
                    DnsRequest other = v4 ? ipv6 : ipv4;
                    other.cancel();
                });
                skewTimer.add(SKEW);
            }
            return;
        }
        if (skewTimer != null) {
            skewTimer.close();
            skewTimer = null;
        }
        List<InetAddress> at = new ArrayList<>();
        String canonical = null;
        for (DnsAnswer x : new DnsAnswer[] {ipv4Answer, ipv6Answer}) {
            if (x != null && x.ok()) {
                at.addAll(x.addresses());
                canonical = canonical == null ? x.name() : canonical;
            }
        }
        if (!at.isEmpty()) {
            succeed(at, canonical);
            return;
        }
        fail(error(ipv4Answer, ipv6Answer));
    }

    /** libevent's mapping: NOTEXIST is NONAME, CANCEL is CANCEL, anything else FAIL. */
    private AddrInfoError error(DnsAnswer a, DnsAnswer b) {
        if (cancelled) {
            return AddrInfoError.CANCEL;
        }
        DnsAnswer first = a != null ? a : b;
        DnsAnswer other = a != null ? b : null;
        DnsError e = first.error();
        if ((e == DnsError.NODATA || e == DnsError.CANCEL) && other != null) {
            e = other.error();
        }
        switch (e) {
            case NOTEXIST:
                return AddrInfoError.NONAME;
            case NODATA:
                return AddrInfoError.NODATA;
            case CANCEL:
                return AddrInfoError.CANCEL;
            default:
                return AddrInfoError.FAIL;
        }
    }

    private int port() {
        if (service == null) {
            return 0;
        }
        CNumbers.Read r = CNumbers.strtol(service, 0, new CNumbers.Read());
        if (r.end == service.length() && !service.isEmpty()) {
            return r.value >= 0 && r.value <= 65535 ? (int) r.value : -1;
        }
        if ((hints.flags() & AddrInfoHints.NUMERICSERV) != 0) {
            return -1;
        }
        boolean udp = hints.socketType() == AddrInfoHints.SOCK_DGRAM || hints.protocol() == AddrInfoHints.IPPROTO_UDP;
        return Services.port(service, udp);
    }

    private void succeed(List<InetAddress> addresses, String name) {
        List<AddrInfo> out = new ArrayList<>();
        String canonical = (hints.flags() & AddrInfoHints.CANONNAME) != 0 ? name : null;
        for (InetAddress a : addresses) {
            InetSocketAddress sa = new InetSocketAddress(a, port);
            int type = hints.socketType();
            int proto = hints.protocol();
            if (type == 0 && proto == 0) {
                out.add(new AddrInfo(AddrInfoHints.SOCK_STREAM, AddrInfoHints.IPPROTO_TCP, sa, canonical));
                canonical = null;
                out.add(new AddrInfo(AddrInfoHints.SOCK_DGRAM, AddrInfoHints.IPPROTO_UDP, sa, null));
            } else {
                if (type == 0) {
                    type = proto == AddrInfoHints.IPPROTO_UDP ? AddrInfoHints.SOCK_DGRAM : AddrInfoHints.SOCK_STREAM;
                }
                if (proto == 0) {
                    proto = type == AddrInfoHints.SOCK_DGRAM ? AddrInfoHints.IPPROTO_UDP : AddrInfoHints.IPPROTO_TCP;
                }
                out.add(new AddrInfo(type, proto, sa, canonical));
                canonical = null;
            }
        }
        deliver(AddrInfoError.NONE, out);
    }

    private void fail(AddrInfoError e) {
        deliver(e, List.of());
    }

    private void deliver(AddrInfoError e, List<AddrInfo> results) {
        if (done) {
            return;
        }
        done = true;
        callback.onResult(e, List.copyOf(results));
    }

    @Override
    public void cancel() {
        cancelled = true;
        resolver.onLoop(() -> {
            if (done) {
                return;
            }
            if (skewTimer != null) {
                skewTimer.close();
                skewTimer = null;
            }
            // Each pending lookup answers CANCEL, and the last one ends this request.
            if (ipv4 != null && ipv4Answer == null) {
                ipv4.cancel();
            }
            if (ipv6 != null && ipv6Answer == null) {
                ipv6.cancel();
            }
            if (pending == 0) {
                fail(AddrInfoError.CANCEL);
            }
        });
    }

    private static List<InetAddress> v4First(List<InetAddress> in) {
        List<InetAddress> out = new ArrayList<>(in.size());
        for (InetAddress a : in) {
            if (a instanceof Inet4Address) {
                out.add(a);
            }
        }
        for (InetAddress a : in) {
            if (!(a instanceof Inet4Address)) {
                out.add(a);
            }
        }
        return out;
    }

    private static InetAddress address(byte[] b) {
        try {
            return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Whether this host has a non-loopback IPv4 address, and an IPv6 one (ADDRCONFIG). */
    private static boolean[] configuredFamilies() {
        boolean[] have = new boolean[2];
        try {
            Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
            while (all != null && all.hasMoreElements()) {
                Enumeration<InetAddress> as = all.nextElement().getInetAddresses();
                while (as.hasMoreElements()) {
                    InetAddress a = as.nextElement();
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        have[a instanceof Inet4Address ? 0 : 1] = true;
                    }
                }
            }
        } catch (SocketException e) {
            have[0] = true;
            have[1] = true;
        }
        return have;
    }
}
