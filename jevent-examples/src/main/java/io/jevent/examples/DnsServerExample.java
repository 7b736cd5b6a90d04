package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.dns.DnsServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The server half of libevent's sample {@code dns-example}: a DNS server on UDP and TCP that
 * answers from a small zone file ({@code --zone FILE}), or from a built-in example zone whose
 * names it prints when it starts. Ask it with {@code dig @127.0.0.1 -p 5353 www.example.test} or
 * with {@code dns-resolve}.
 */
final class DnsServerExample extends Example {
    static final int PORT = 5353;

    DnsServerExample() {
        super("dns-server [--port P] [--bind ADDR] [--zone FILE] [--seconds N]",
                "libevent's sample dns-example as a server: answers from a zone file on UDP and TCP port " + PORT,
                List.of("port", "bind", "zone", "seconds"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String file = args.string("zone", null);
        DnsZone zone;
        try {
            zone = file == null ? DnsZone.parse(DnsZone.EXAMPLE) : DnsZone.read(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException((file == null ? "built-in zone" : file) + ": " + e.getMessage());
        }
        try (Lifetime life = Lifetime.begin(name(), args, out, err);
                EventBase base = new EventBase();
                DnsServer server = DnsServer.bind(base, args.listenAddress("port", PORT), zone::answer)) {
            life.listening(server.localAddress());
            out.println(name() + ": serving " + zone.size() + " records of " + (file == null ? "the example zone"
                    : file) + (file == null ? ":" : ""));
            if (file == null) {
                for (String n : zone.names()) {
                    out.println("  " + n);
                }
            }
            out.flush();
            return life.dispatch(base);
        }
    }
}
