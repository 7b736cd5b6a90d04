package io.jevent.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.BackendKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every server of the comparison echoes every byte back, small and large messages, many in flight,
 * on the backend it was asked for: the harness's correctness, checked in {@code mvn -B verify}. No
 * timing is asserted here. A server whose native backend or transport cannot run in the test JVM
 * (jevent's epoll before JDK 22, or without the jar; a backend not built yet) is skipped, saying why.
 */
class EchoServersSmokeTest {

    /**
     * The comparison's servers, each with the backend it must run, and the two-loop ones; jevent's
     * group does not choose, so it runs what AUTO picks in this JVM.
     */
    static List<Arguments> servers() {
        List<Arguments> servers = new ArrayList<>();
        for (EchoComparison.Variant v : EchoComparison.JAVA_SERVERS) {
            servers.add(Arguments.of(v.name(), v.backend()));
        }
        String auto = BackendKind.IO_URING.isAvailable() ? "io_uring" : BackendKind.EPOLL.isAvailable() ? "epoll" : "nio";
        servers.add(Arguments.of("jevent-2loops", auto));
        servers.add(Arguments.of("jevent-2loops-reuseport", auto));
        servers.add(Arguments.of("netty-nio-2loops", "nio"));
        return servers;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("servers")
    void everyServerEchoesEveryByteOfSmallAndLargeMessagesOnTheBackendItWasAskedFor(String kind, String backend)
            throws Exception {
        EchoServer created;
        try {
            created = ServerMain.create(kind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort(kind + " cannot run here: " + e.getMessage());
            return;
        }
        try (EchoServer server = created) {
            assertThat(server.backend()).isEqualTo(backend);
            server.start();
            for (EchoLoad.Config config : new EchoLoad.Config[] {
                new EchoLoad.Config(20, 8, 64, 1), new EchoLoad.Config(4, 4, 16 * 1024, 2)}) {
                try (EchoLoad load = new EchoLoad(config, server.address())) {
                    EchoLoad.Result r = load.measureMessages(200, 2_000);
                    assertThat(r.messages()).isGreaterThanOrEqualTo(2_000);
                    assertThat(r.p99Micros()).isGreaterThanOrEqualTo(r.p50Micros());
                }
            }
        }
    }
}
