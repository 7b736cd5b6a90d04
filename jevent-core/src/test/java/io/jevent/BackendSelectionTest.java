package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Choosing a base's backend: only NIO exists in this version, and asking for another says so. */
class BackendSelectionTest {
    private final String previous = System.getProperty(BackendKind.PROPERTY);

    @AfterEach
    void restoreTheProperty() {
        if (previous == null) {
            System.clearProperty(BackendKind.PROPERTY);
        } else {
            System.setProperty(BackendKind.PROPERTY, previous);
        }
    }

    @Test
    void aDefaultBaseRunsOnNio() {
        System.clearProperty(BackendKind.PROPERTY);
        try (EventBase base = new EventBase()) {
            assertThat(base.backendName()).isEqualTo("nio");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "NIO"})
    void autoAndNioBothRunOnNio(String name) {
        try (EventBase base = EventBase.builder().backend(BackendKind.valueOf(name)).build()) {
            assertThat(base.backendName()).isEqualTo("nio");
        }
    }

    @Test
    void askingForEpollSaysWhyItIsNotThere() {
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.EPOLL))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("the epoll backend needs JDK 22+ and is not built yet in this version;"
                        + " use NIO or AUTO");
    }

    @Test
    void askingForIoUringSaysWhyItIsNotThere() {
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.IO_URING))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("io_uring backend needs JDK 22+").hasMessageContaining("use NIO or AUTO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "NIO", "auto", " Auto "})
    void theSystemPropertyChoosesWhenTheBuilderDoesNot(String value) {
        System.setProperty(BackendKind.PROPERTY, value);
        try (EventBase base = new EventBase()) {
            assertThat(base.backendName()).isEqualTo("nio");
        }
    }

    @Test
    void aNativeBackendNamedByThePropertyIsRefusedNamingTheProperty() {
        System.setProperty(BackendKind.PROPERTY, "io-uring");
        assertThatThrownBy(EventBase::new).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("-Djevent.backend=io-uring: the io_uring backend");
        System.setProperty(BackendKind.PROPERTY, "epoll");
        assertThatThrownBy(() -> EventBase.builder().build()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("-Djevent.backend=epoll: the epoll backend needs JDK 22+");
    }

    @Test
    void theBuilderWinsOverTheProperty() {
        System.setProperty(BackendKind.PROPERTY, "epoll");
        try (EventBase base = EventBase.builder().backend(BackendKind.NIO).build()) {
            assertThat(base.backendName()).isEqualTo("nio");
        }
    }

    @Test
    void anUnknownNameInThePropertyListsTheNames() {
        System.setProperty(BackendKind.PROPERTY, "kqueue");
        assertThatThrownBy(EventBase::new).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Djevent.backend=kqueue: no jevent backend is called \"kqueue\": use auto, nio, epoll"
                        + " or io_uring");
    }

    @Test
    void namesAndAvailabilityMatchLibeventsMethodNames() {
        assertThat(BackendKind.fromName("IO_URING")).isEqualTo(BackendKind.IO_URING);
        assertThat(BackendKind.IO_URING.methodName()).isEqualTo("io_uring");
        assertThat(BackendKind.NIO.isAvailable()).isTrue();
        assertThat(BackendKind.AUTO.isAvailable()).isTrue();
        assertThat(BackendKind.EPOLL.isAvailable()).isFalse();
        assertThat(BackendKind.IO_URING.isAvailable()).isFalse();
    }

    @Test
    void aGroupBuiltWithABackendRunsItOnEveryLoop() {
        try (EventBaseGroup group = EventBaseGroup.builder().loops(2)
                .baseConfig(EventBase.builder().backend(BackendKind.AUTO)).build()) {
            assertThat(group.get(0).backendName()).isEqualTo("nio");
            assertThat(group.get(1).backendName()).isEqualTo("nio");
        }
    }
}
