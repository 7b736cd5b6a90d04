package io.jevent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** Every mistake gets an exception that names the value and the fix. */
class MisuseTest {

    @Test
    void edgeTriggeredIsUnsupportedOnNioAndSaysWhy() throws Exception {
        try (EventBase base = EventBase.builder().backend(BackendKind.NIO).build(); SocketPair pair = SocketPair.open()) {
            assertThatThrownBy(() -> base.newEvent(pair.left, Ev.READ | Ev.ET, (ev, what) -> { }))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("level-triggered");
        }
    }

    @Test
    void closedIsUnsupportedOnNioAndPointsToReadingEof() throws Exception {
        try (EventBase base = EventBase.builder().backend(BackendKind.NIO).build(); SocketPair pair = SocketPair.open()) {
            assertThatThrownBy(() -> base.newEvent(pair.left, Ev.CLOSED, (ev, what) -> { }))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("returns -1");
        }
    }

    @Test
    void ioFlagsWithoutAChannelAreRefused() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.newEvent(null, Ev.READ, (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a channel");
        }
    }

    @Test
    void signalFlagInAnEventMaskPointsToNewSignal() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.newEvent(null, Ev.SIGNAL, (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("newSignal");
        }
    }

    @Test
    void unknownFlagsAreNamed() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.newEvent(null, 0x400, (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x400");
        }
    }

    @Test
    void aBlockingChannelIsRefusedWithTheFix() throws Exception {
        try (EventBase base = new EventBase(); SocketPair pair = SocketPair.open()) {
            pair.left.configureBlocking(true);
            Event e = base.newEvent(pair.left, Ev.READ, (ev, what) -> { });
            assertThatThrownBy(e::add).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("configureBlocking(false)");
        }
    }

    @Test
    void aClosedChannelIsRefused() throws Exception {
        try (EventBase base = new EventBase()) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.close();
            Event e = base.newEvent(ch, Ev.WRITE, (ev, what) -> { });
            assertThatThrownBy(e::add).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed channel");
        }
    }

    @Test
    void nullsAreRefusedAtTheCall() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.newTimer(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("callback");
            Event e = base.newTimer((ev, what) -> { });
            assertThatThrownBy(() -> e.add(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("timeout");
        }
    }
}
