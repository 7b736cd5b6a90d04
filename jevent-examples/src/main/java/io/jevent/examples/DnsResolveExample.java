package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.dns.DnsAnswer;
import io.jevent.dns.DnsCallback;
import io.jevent.dns.DnsResolver;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.List;

/**
 * The client half of libevent's sample {@code dns-example}: looks a name up with jevent's own
 * asynchronous resolver and prints what it finds, or the DNS error by name with exit code 1.
 * Without {@code --server} the nameservers of {@code /etc/resolv.conf} are asked.
 */
final class DnsResolveExample extends Example {
    DnsResolveExample() {
        super("dns-resolve NAME [--server HOST:PORT] [--ipv6] [--reverse] [--timeout SECONDS] [--attempts N]",
                "libevent's sample dns-example as a client: resolve NAME (or reverse an address) asynchronously",
                List.of("server", "timeout", "attempts"), List.of("ipv6", "reverse"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String name = args.word(0, "NAME", null, 1);
        if (name == null) {
            throw new Args.UsageException("missing NAME");
        }
        int[] code = {1};
        try (EventBase base = new EventBase(); DnsResolver dns = resolver(base, args)) {
            DnsCallback print = answer -> code[0] = print(name, answer, out, err);
            if (args.flag("reverse")) {
                dns.resolveReverse(literal(name), 0, print);
            } else if (args.flag("ipv6")) {
                dns.resolveIpv6(name, 0, print);
            } else {
                dns.resolveIpv4(name, 0, print);
            }
            base.dispatch();
        }
        return code[0];
    }

    private static DnsResolver resolver(EventBase base, Args args) throws IOException {
        String server = args.string("server", null);
        DnsResolver dns;
        if (server == null) {
            dns = DnsResolver.system(base);
        } else {
            dns = new DnsResolver(base);
            try {
                dns.addNameserver(server);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--server: " + e.getMessage());
            }
        }
        try {
            dns.setOption("timeout", args.string("timeout", "5"));
            dns.setOption("attempts", String.valueOf(args.integer("attempts", 3, 1, 255)));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        return dns;
    }

    private static InetAddress literal(String text) {
        byte[] b = io.jevent.dns.Addresses.inetPton(StandardProtocolFamily.INET, text);
        if (b == null) {
            b = io.jevent.dns.Addresses.inetPton(StandardProtocolFamily.INET6, text);
        }
        if (b == null) {
            throw new Args.UsageException("--reverse takes an address, not " + text);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static int print(String name, DnsAnswer answer, PrintStream out, PrintStream err) {
        if (!answer.ok()) {
            err.println("dns-resolve: " + name + ": " + answer.error() + " (" + answer.error().message() + ")");
            return 1;
        }
        for (InetAddress a : answer.addresses()) {
            out.println(answer.name() + " has address " + a.getHostAddress() + " (ttl " + answer.ttl() + ")");
        }
        for (String n : answer.names()) {
            out.println(answer.name() + " points to " + n + " (ttl " + answer.ttl() + ")");
        }
        return 0;
    }
}
