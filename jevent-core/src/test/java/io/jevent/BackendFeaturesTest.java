package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a base's backend can do ({@code event_base_get_features}) and a base that insists on it
 * ({@code event_config_require_features}).
 */
class BackendFeaturesTest {

    @Test
    void nioHasO1Only() {
        try (EventBase base = EventBase.builder().backend(BackendKind.NIO).build()) {
            assertThat(base.features()).containsExactly(BackendFeature.O1);
        }
    }

    @Test
    void nativeBackendsHaveEdgeTriggeringAndEarlyClose() {
        for (BackendKind kind : new BackendKind[] {BackendKind.EPOLL, BackendKind.IO_URING}) {
            assertThat(kind.features()).containsExactlyInAnyOrder(BackendFeature.ET, BackendFeature.O1,
                    BackendFeature.EARLY_CLOSE);
        }
    }

    @Test
    void aBaseReportsTheFeaturesOfTheBackendItRuns() {
        try (EventBase base = new EventBase()) {
            assertThat(base.features()).isEqualTo(BackendKind.fromName(base.backendName()).features());
        }
    }

    @Test
    void featuresAreUnmodifiable() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.features().add(BackendFeature.FDS))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void requiringWhatNioLacksRefusesToBuildOnNio() {
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.NIO)
                .requireFeatures(BackendFeature.ET, BackendFeature.O1).build())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("the nio backend lacks [ET]")
                .hasMessageContaining("epoll and io_uring have ET");
    }

    @Test
    void noBackendHasArbitraryDescriptors() {
        assertThatThrownBy(() -> EventBase.builder().requireFeatures(BackendFeature.FDS).build())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("lacks [FDS]")
                .hasMessageContaining("no backend has FDS");
    }

    @Test
    void requiringWhatTheBackendHasBuildsABase() {
        try (EventBase base = EventBase.builder().backend(BackendKind.NIO)
                .requireFeatures(BackendFeature.O1).build()) {
            assertThat(base.backendName()).isEqualTo("nio");
        }
    }

    @Test
    void aBaseThatRequiresEdgeTriggeringCanUseIt() throws IOException {
        assumeTrue(BackendKind.AUTO.features().contains(BackendFeature.ET), "no native backend here");
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        AtomicInteger calls = new AtomicInteger();
        try (EventBase base = EventBase.builder().requireFeatures(BackendFeature.ET).build()) {
            Event e = base.newEvent(pipe.source(), Ev.READ | Ev.ET | Ev.PERSIST,
                    (channel, what) -> calls.incrementAndGet());
            e.add();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            base.loopExit(Duration.ofSeconds(5)); // a bound, should the event never fire
            base.loop(EventBase.LOOP_ONCE);
            assertThat(calls).hasValue(1);
            e.close();
        } finally {
            pipe.sink().close();
            pipe.source().close();
        }
    }
}
