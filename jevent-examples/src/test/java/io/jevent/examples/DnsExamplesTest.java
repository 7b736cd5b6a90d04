package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dns-server} serving its example zone or a file, and {@code dns-resolve} asking it. */
class DnsExamplesTest {
    @TempDir
    Path dir;

    private static ExampleRunner resolve(InetSocketAddress server, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "dns-resolve";
        System.arraycopy(args, 0, argv, 1, args.length);
        argv[args.length + 1] = "--server";
        argv[args.length + 2] = Lifetime.where(server);
        return ExampleRunner.start(argv);
    }

    @Test
    void resolvesTheExampleZonesNames() throws Exception {
        ExampleRunner server = ExampleRunner.start("dns-server", "--port", "0");
        try {
            InetSocketAddress at = server.address();
            assertThat(server.awaitLine("www.example.test")).isEqualTo("  www.example.test");

            ExampleRunner v4 = resolve(at, "www.example.test");
            assertThat(v4.awaitExit()).isZero();
            assertThat(v4.output()).isEqualTo("www.example.test has address 192.0.2.10 (ttl 300)\n");

            ExampleRunner v6 = resolve(at, "www.example.test", "--ipv6");
            assertThat(v6.awaitExit()).isZero();
            assertThat(v6.output()).isEqualTo("www.example.test has address 2001:db8:0:0:0:0:0:10 (ttl 300)\n");

            ExampleRunner alias = resolve(at, "ftp.example.test");
            assertThat(alias.awaitExit()).isZero();
            assertThat(alias.output()).contains("has address 192.0.2.10");

            ExampleRunner reverse = resolve(at, "192.0.2.10", "--reverse");
            assertThat(reverse.awaitExit()).isZero();
            assertThat(reverse.output()).isEqualTo("10.2.0.192.in-addr.arpa points to www.example.test (ttl 300)\n");

            ExampleRunner missing = resolve(at, "nosuch.example.test", "--timeout", "2", "--attempts", "1");
            assertThat(missing.awaitExit()).isEqualTo(1);
            assertThat(missing.err()).isEqualTo("dns-resolve: nosuch.example.test: NOTEXIST (name does not exist)\n");
        } finally {
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void servesAZoneFileAndTimesOutWhereNobodyAnswers() throws Exception {
        Path zone = dir.resolve("zone.txt");
        Files.writeString(zone, "$ORIGIN corp.test.\n$TTL 60\nhost IN A 10.1.2.3 ; a comment\n");
        ExampleRunner server = ExampleRunner.start("dns-server", "--port", "0", "--zone", zone.toString());
        try {
            InetSocketAddress at = server.address();
            assertThat(server.awaitLine("serving")).contains("1 records of " + zone);
            ExampleRunner host = resolve(at, "host.corp.test");
            assertThat(host.awaitExit()).isZero();
            assertThat(host.output()).isEqualTo("host.corp.test has address 10.1.2.3 (ttl 60)\n");
        } finally {
            assertThat(server.stop()).isZero();
        }
        // The server is gone: nothing answers on its port.
        ExampleRunner silent = ExampleRunner.start("dns-resolve", "host.corp.test", "--server", "127.0.0.1:9",
                "--timeout", "0.2", "--attempts", "2");
        assertThat(silent.awaitExit()).isEqualTo(1);
        assertThat(silent.err()).isEqualTo("dns-resolve: host.corp.test: TIMEOUT (request timed out)\n");
    }

    @Test
    void refusesABadZoneFileWithItsLine() throws Exception {
        Path zone = dir.resolve("bad.txt");
        Files.writeString(zone, "host IN A not-an-address-at-all.invalid\n");
        ExampleRunner server = ExampleRunner.start("dns-server", "--port", "0", "--zone", zone.toString());
        assertThat(server.awaitExit()).isEqualTo(2);
        assertThat(server.err()).contains("zone line 1");
    }
}
