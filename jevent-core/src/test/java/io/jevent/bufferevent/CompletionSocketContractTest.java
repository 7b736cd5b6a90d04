package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jevent.EventBase;
import io.jevent.SocketPair;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The BufferEvent contract over TCP on a base with completion I/O (EventBase.Builder.completionIo):
 * on io_uring the sockets are read and written through the ring. Elsewhere the base reads and
 * writes on readiness and these tests are skipped, except in the io_uring pass, which must not
 * skip them.
 */
class CompletionSocketContractTest extends BufferEventContract {
    @Override
    protected EventBase newEventBase() {
        return EventBase.builder().completionIo(true).build();
    }

    @Override
    protected Connected open(BevOption... options) throws IOException {
        assumeTrue(base.completesIo(), "completion I/O needs the io_uring backend on Linux 6.0+");
        SocketPair pair = SocketPair.open();
        BevOption[] all = java.util.Arrays.copyOf(options, options.length + 1);
        all[options.length] = BevOption.CLOSE_ON_FREE;
        return new Connected(BufferEvent.socket(base, pair.left, all), BufferEvent.socket(base, pair.right, all));
    }

    @Test
    void theIoUringPassRunsTheseTestsWithCompletionIo() {
        if ("io_uring".equals(System.getProperty("jevent.test.expectBackend"))) {
            assertThat(base.backendName()).isEqualTo("io_uring");
            assertThat(base.completesIo()).as("completion I/O on the io_uring pass").isTrue();
        }
        assertThat(EventBase.builder().build().completesIo()).as("off unless asked for").isFalse();
    }
}
