package io.jevent.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A burst of connects while the loop is busy elsewhere: with the default backlog every one of them
 * waits in the listen queue (none is dropped or reset), and the next wake-up accepts them all.
 */
class BurstAcceptTest {
    /** More than the 128 libevent asks for, few enough for a machine with 1024 descriptors. */
    private static final int BURST = 300;

    @Test
    void aNegativeBacklogIsTheSystemsMaximum() throws IOException {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        int expected = Files.isReadable(somaxconn) ? Integer.parseInt(Files.readAllLines(somaxconn).get(0).trim())
                : ConnListener.FALLBACK_BACKLOG;
        assertThat(ConnListener.defaultBacklog()).isEqualTo(expected);
    }

    @Test
    void aBurstWhileTheLoopIsBusyWaitsInTheQueueAndOneWakeUpAcceptsItAll() throws Exception {
        int burst = Math.min(BURST, ConnListener.defaultBacklog());
        List<SocketChannel> accepted = new ArrayList<>();
        List<Socket> clients = new ArrayList<>();
        try (EventBase base = new EventBase();
                ConnListener listener = ConnListener.bind(base, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        -1, (lev, ch, peer) -> {
                            accepted.add(ch);
                            try {
                                ch.write(ByteBuffer.wrap(new byte[] {'!'}));
                            } catch (IOException e) {
                                throw new AssertionError(e);
                            }
                        }, ConnListener.Option.CLOSE_ON_FREE)) {
            // The loop does not run while the clients connect: the server is busy. Each connect
            // completes in the kernel only if the queue has room; an overflow would drop the
            // handshake and this connect would time out.
            for (int i = 0; i < burst; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(listener.localAddress(), 5_000);
            }
            base.loop(EventBase.LOOP_ONCE);
            assertThat(accepted).as("accepted in one wake-up").hasSize(burst);
            for (Socket s : clients) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                assertThat(in.read()).isEqualTo('!');
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            for (SocketChannel ch : accepted) {
                ch.close();
            }
        }
    }
}
