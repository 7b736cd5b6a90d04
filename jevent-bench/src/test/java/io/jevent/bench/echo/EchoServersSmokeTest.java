package io.jevent.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every server of the comparison echoes every byte back, small and large messages, many in flight:
 * the harness's correctness, checked in {@code mvn -B verify}. No timing is asserted here.
 */
class EchoServersSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"jevent", "netty-nio", "netty-epoll", "raw-nio", "jevent-2loops", "jevent-2loops-reuseport",
        "netty-nio-2loops"})
    void everyServerEchoesEveryByteOfSmallAndLargeMessages(String kind) throws Exception {
        if (kind.equals("netty-epoll")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(),
                    "Netty's native epoll is not available on this machine");
        }
        try (EchoServer server = ServerMain.create(kind, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
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
