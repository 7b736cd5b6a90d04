package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Choosing a base's backend: AUTO runs io_uring where it can (JDK 22+, from the jar, with its flag,
 * on a kernel that allows it), else epoll where that can run, else NIO; asking for a backend that
 * cannot run says why.
 */
class BackendSelectionTest {
    private final String previous = System.getProperty(BackendKind.PROPERTY);
    private static final String AUTO_RUNS = BackendKind.IO_URING.isAvailable() ? "io_uring"
            : BackendKind.EPOLL.isAvailable() ? "epoll" : "nio";

    @AfterEach
    void restoreTheProperty() {
        if (previous == null) {
            System.clearProperty(BackendKind.PROPERTY);
        } else {
            System.setProperty(BackendKind.PROPERTY, previous);
        }
    }

    @Test
    void theRunUnderTestGetsTheBackendItAskedFor() {
        // Set by the build's epoll and io_uring passes: if the backend could not run there, this
        // fails instead of the whole pass quietly testing NIO (or another backend) a second time.
        String expected = System.getProperty("jevent.test.expectBackend");
        assumeTrue(expected != null, "not a run over a chosen backend");
        try (EventBase base = new EventBase()) {
            assertThat(base.backendName()).isEqualTo(expected);
        }
    }

    @Test
    void aDefaultBaseRunsOnIoUringWhereItCanElseEpollElseNio() {
        System.clearProperty(BackendKind.PROPERTY);
        try (EventBase base = new EventBase()) {
            assertThat(base.backendName()).isEqualTo(AUTO_RUNS);
        }
    }

    @Test
    void autoRunsTheBestBackendThatCanRunAndNioRunsNio() {
        try (EventBase base = EventBase.builder().backend(BackendKind.AUTO).build()) {
            assertThat(base.backendName()).isEqualTo(AUTO_RUNS);
        }
        try (EventBase base = EventBase.builder().backend(BackendKind.NIO).build()) {
            assertThat(base.backendName()).isEqualTo("nio");
        }
    }

    @Test
    void askingForEpollWhereItCannotRunSaysWhy() {
        assumeFalse(BackendKind.EPOLL.isAvailable(), "epoll runs here");
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.EPOLL))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("EventBase.Builder.backend(EPOLL): the epoll backend ")
                .hasMessageEndingWith("; use NIO or AUTO");
    }

    @Test
    void onJdk17EpollSaysItNeedsJdk22() {
        assumeTrue(Runtime.version().feature() < 22, "JDK 22+");
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.EPOLL))
                .hasMessageContaining("the epoll backend needs JDK 22+");
    }

    @Test
    void askingForIoUringWhereItCannotRunSaysWhy() {
        assumeFalse(BackendKind.IO_URING.isAvailable(), "io_uring runs here");
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.IO_URING))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageStartingWith("EventBase.Builder.backend(IO_URING): the io_uring backend ")
                .hasMessageEndingWith("; use EPOLL, NIO or AUTO (which falls back by itself)");
    }

    @Test
    void onJdk17IoUringSaysItNeedsJdk22() {
        assumeTrue(Runtime.version().feature() < 22, "JDK 22+");
        assertThatThrownBy(() -> EventBase.builder().backend(BackendKind.IO_URING))
                .hasMessageContaining("the io_uring backend needs JDK 22+");
    }

    @Test
    void whereIoUringRunsAutoTakesIt() {
        assumeTrue(BackendKind.IO_URING.isAvailable(), "io_uring cannot run here");
        try (EventBase base = EventBase.builder().backend(BackendKind.IO_URING).build()) {
            assertThat(base.backendName()).isEqualTo("io_uring");
        }
        assertThat(AUTO_RUNS).isEqualTo("io_uring");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "NIO", "auto", " Auto "})
    void theSystemPropertyChoosesWhenTheBuilderDoesNot(String value) {
        System.setProperty(BackendKind.PROPERTY, value);
        try (EventBase base = new EventBase()) {
            assertThat(base.backendName()).isEqualTo(value.trim().equalsIgnoreCase("nio") ? "nio" : AUTO_RUNS);
        }
    }

    @Test
    void aNativeBackendNamedByThePropertyIsRefusedNamingTheProperty() {
        if (!BackendKind.IO_URING.isAvailable()) {
            System.setProperty(BackendKind.PROPERTY, "io-uring");
            assertThatThrownBy(EventBase::new).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageStartingWith("-Djevent.backend=io-uring: the io_uring backend");
        }
        if (!BackendKind.EPOLL.isAvailable()) {
            System.setProperty(BackendKind.PROPERTY, "epoll");
            assertThatThrownBy(() -> EventBase.builder().build()).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageStartingWith("-Djevent.backend=epoll: the epoll backend ");
        }
    }

    @Test
    void aNativeBackendNamedByThePropertyRunsWhereItCan() {
        for (BackendKind kind : new BackendKind[] {BackendKind.EPOLL, BackendKind.IO_URING}) {
            if (kind.isAvailable()) {
                System.setProperty(BackendKind.PROPERTY, kind == BackendKind.IO_URING ? "io-uring" : "epoll");
                try (EventBase base = new EventBase()) {
                    assertThat(base.backendName()).isEqualTo(kind.methodName());
                }
            }
        }
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
        assertThat(BackendKind.IO_URING.isAvailable()).isEqualTo(AUTO_RUNS.equals("io_uring"));
        if (AUTO_RUNS.equals("epoll")) {
            assertThat(BackendKind.EPOLL.isAvailable()).isTrue();
        }
    }

    @Test
    void aGroupBuiltWithABackendRunsItOnEveryLoop() {
        try (EventBaseGroup group = EventBaseGroup.builder().loops(2)
                .baseConfig(EventBase.builder().backend(BackendKind.AUTO)).build()) {
            assertThat(group.get(0).backendName()).isEqualTo(AUTO_RUNS);
            assertThat(group.get(1).backendName()).isEqualTo(AUTO_RUNS);
        }
    }
}
