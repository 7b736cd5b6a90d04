package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool article's pool of re-used BufferEvents, against {@code echo}. */
class PoolEchoExampleTest {

    @Test
    void everyConnectionOfEveryPooledBufferEventGetsExactlyItsOwnEcho() throws Exception {
        ExampleRunner echo = ExampleRunner.start("echo", "--port", "0");
        String port = String.valueOf(echo.address().getPort());
        ExampleRunner pool = ExampleRunner.start("pool-echo", "127.0.0.1", port, "--connections", "8", "--rounds", "25");
        assertThat(pool.awaitExit()).isZero();
        assertThat(pool.output()).startsWith("pool-echo: 8 pooled BufferEvents, 25 connections each, to 127.0.0.1:"
                + port + "\n").contains("pool-echo: 200 of 200 connections verified, 0 with foreign data, 0"
                + " BufferEvents failed");
        assertThat(pool.err()).isEmpty();
        assertThat(echo.stop()).isZero();
        assertThat(echo.err()).isEmpty();
    }

    @Test
    void whatAConnectionLeftUnsentNeverReachesTheServer() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (EventBase base = new EventBase();
                BufferEventServer recordingEcho = new BufferEventServer(base,
                        Loopback.any(), "recording echo", err, bev -> {
                            byte[] bytes = new byte[(int) bev.input().length()];
                            bev.input().copyOut(bytes);
                            synchronized (received) {
                                received.writeBytes(bytes);
                            }
                            bev.output().addBuffer(bev.input());
                        })) {
            Thread loop = new Thread(base::dispatch, "recording-echo");
            loop.start();
            ExampleRunner pool = ExampleRunner.start("pool-echo", "127.0.0.1",
                    String.valueOf(recordingEcho.address().getPort()), "--connections", "3", "--rounds", "10");
            assertThat(pool.awaitExit()).isZero();
            base.loopExit();
            loop.join(TimeUnit.SECONDS.toMillis(10));
            String all;
            synchronized (received) {
                all = received.toString(StandardCharsets.US_ASCII);
            }
            assertThat(all).doesNotContain("never").contains("pooled BufferEvent 2, connection 10\n");
            assertThat(all.lines().filter(l -> l.startsWith("pooled BufferEvent"))).hasSize(30);
        }
    }

    @Test
    void withNoServerEveryPooledBufferEventFailsAndTheExitCodeIsOne() throws Exception {
        ExampleRunner pool = ExampleRunner.start("pool-echo", "127.0.0.1", String.valueOf(Ports.free()));
        assertThat(pool.awaitExit()).isEqualTo(1);
        assertThat(pool.output()).contains("0 of 40 connections verified, 0 with foreign data, 4 BufferEvents failed");
        assertThat(pool.err().lines()).hasSize(4).allMatch(l -> l.endsWith(", connection 1: Connection refused"));
        ExampleRunner nowhere = ExampleRunner.start("pool-echo", "no-such-host.invalid");
        assertThat(nowhere.awaitExit()).isEqualTo(1);
        assertThat(nowhere.err()).isEqualTo("pool-echo: cannot resolve the name no-such-host.invalid\n");
    }
}
