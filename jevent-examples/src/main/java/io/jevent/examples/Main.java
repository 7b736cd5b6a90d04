package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The examples jar's entry point: {@code java -jar jevent-examples.jar NAME [options]}, where
 * {@code help} lists the names.
 */
public final class Main {
    static final List<Example> EXAMPLES = List.of(
            new DemoExample(),
            new TimersExample(),
            new EchoExample(),
            new EchoEventsExample(),
            new Rot13Example(),
            new Rot13EventsExample(),
            new Rot13SelectorExample(),
            new Rot13ThreadsExample(),
            new HttpGetExample(),
            new HttpServerExample(),
            new HttpFetchExample(),
            new TlsEchoExample(),
            new TlsGetExample(),
            new DnsServerExample(),
            new DnsResolveExample(),
            new ConnectExample(),
            new PoolEchoExample());

    /** Where the examples come from, said once for all of them. */
    private static final String ARTICLES = """
            Besides demo and timers, the examples are the programs of five tutorial articles on
            libevent (in Chinese) that jevent began from; each example's line names its article:
              the connect article        a client that learns when its connect succeeded, and
                                         retries while the server is down
              the evconnlistener article a reference to evconnlistener, with an echo server
              the pool article           a pool of connection objects that re-use their bufferevents
              the async I/O introduction the libevent book's introduction: ROT13 servers, an HTTP client
              the libevent 1.4 article   an echo server written with libevent 1.4's old API
            """;

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        int code = run(argv, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
            help(out);
            return 0;
        }
        Example example = find(argv[0]);
        if (example == null) {
            err.println("unknown example \"" + argv[0] + "\"");
            help(err);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try {
            return example.run(Args.parse(rest, example.valuedOptions(), example.flags()), out, err);
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            err.println("usage: java -jar jevent-examples.jar " + example.usage());
            return 2;
        } catch (IOException | UncheckedIOException e) {
            // A port in use, an address that cannot be bound: one line says it all.
            err.println(example.name() + ": " + e.getMessage());
            return 1;
        }
    }

    static Example find(String name) {
        for (Example e : EXAMPLES) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static void help(PrintStream out) {
        out.println("usage: java -jar jevent-examples.jar NAME [options]");
        out.println();
        out.print(ARTICLES);
        out.println();
        for (Example e : EXAMPLES) {
            out.println("  " + e.usage());
            out.println("      " + e.summary());
        }
    }
}
