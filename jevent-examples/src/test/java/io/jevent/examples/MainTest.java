package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

    @Test
    void helpListsEveryExampleWithItsUsage() throws Exception {
        ExampleRunner r = ExampleRunner.start("help");
        assertThat(r.awaitExit()).isZero();
        for (Example e : Main.EXAMPLES) {
            assertThat(r.output()).contains("  " + e.usage() + "\n      " + e.summary() + "\n");
        }
        assertThat(Main.EXAMPLES).extracting(Example::name).containsExactly("demo", "timers", "echo", "echo-events",
                "rot13", "rot13-events", "rot13-selector", "rot13-threads", "http-get", "http-server", "http-fetch", "tls-echo", "tls-get",
                "dns-server", "dns-resolve", "connect",
                "pool-echo");
    }

    @Test
    void anUnknownExampleExitsWithTwoAndShowsHelp() throws Exception {
        ExampleRunner r = ExampleRunner.start("nope");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown example \"nope\"", "usage:");
    }

    @Test
    void aBadOptionExitsWithTwoAndShowsTheUsage() throws Exception {
        ExampleRunner r = ExampleRunner.start("timers", "--seconds", "zero");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err()).contains("--seconds is not a number: zero", "timers [--seconds N]");
        ExampleRunner typo = ExampleRunner.start("timers", "--second", "1");
        assertThat(typo.awaitExit()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --second");
    }

    @Test
    void wrongArgumentsExitWithTwoAndSayWhatIsWrong() throws Exception {
        assertUsageError("unexpected argument: 9876", "echo", "9876");
        assertUsageError("--port must be 0..65535: 65536", "rot13", "--port", "65536");
        assertUsageError("--bind is not an address of this machine: no-such-host.invalid", "rot13-selector",
                "--bind", "no-such-host.invalid");
        assertUsageError("HOST is missing", "http-get");
        assertUsageError("PATH must start with /: index.html", "http-get", "example.com", "80", "index.html");
        assertUsageError("PORT is not a number: http", "connect", "localhost", "http");
        assertUsageError("too many arguments: 3", "connect", "localhost", "2", "3");
        assertUsageError("--connections must be 1..10000: 0", "pool-echo", "--connections", "0");
    }

    private static void assertUsageError(String message, String... argv) throws Exception {
        ExampleRunner r = ExampleRunner.start(argv);
        assertThat(r.awaitExit()).as(String.join(" ", argv)).isEqualTo(2);
        assertThat(r.err()).startsWith(message + "\nusage: java -jar jevent-examples.jar " + argv[0]);
        assertThat(r.output()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "echo-events", "rot13", "rot13-events", "rot13-selector", "rot13-threads"})
    void aServerWhosePortIsTakenSaysSoAndExitsWithOne(String name) throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            ExampleRunner r = ExampleRunner.start(name, "--port", String.valueOf(port));
            assertThat(r.awaitExit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo(name + ": cannot listen on 127.0.0.1:" + port + ": Address already in use\n");
            assertThat(r.output()).isEmpty();
        }
    }
}
