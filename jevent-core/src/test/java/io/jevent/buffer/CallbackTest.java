package io.jevent.buffer;

import static io.jevent.buffer.Bytes.ascii;
import static io.jevent.buffer.Bytes.contentsText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Length-change callbacks: libevent's test_evbuffer_callbacks and the prepend callback check. */
@ExtendWith(PoolHygiene.class)
class CallbackTest {

    /** Logs "old->new; " into {@code out}, as libevent's log_change_callback does. */
    private static EvBufferCallback logInto(EvBuffer out) {
        return (buf, orig, added, deleted) -> out.addPrintf("%d->%d; ", orig, orig + added - deleted);
    }

    @Test
    void callbacksSeeEveryChangeWhileEnabledAndNothingAfterRemoval() {
        try (EvBuffer b = new EvBuffer(); EvBuffer out1 = new EvBuffer(); EvBuffer out2 = new EvBuffer()) {
            CallbackEntry cb1 = b.addCallback(logInto(out1));
            CallbackEntry cb2 = b.addCallback(logInto(out2));
            b.addPrintf("The %d magic words are spotty pudding", 2);
            cb2.disable();
            assertThat(cb2.isEnabled()).isFalse();
            b.drain(10);
            b.prepend(ascii("Hello"));
            cb2.enable();
            b.addReference(ByteBuffer.wrap(ascii("Goodbye")), null);
            assertThat(b.removeCallback(cb1)).isTrue();
            assertThat(b.removeCallback(cb1)).isFalse();
            assertThat(cb1.isEnabled()).isFalse();
            b.drain(b.length());
            b.add(ascii("X"));
            assertThat(b.removeCallback(cb2)).isTrue();
            b.add(ascii("Y"));
            assertThat(contentsText(out1)).isEqualTo("0->36; 36->26; 26->31; 31->38; ");
            assertThat(contentsText(out2)).isEqualTo("0->36; 31->38; 38->0; 0->1; ");
        }
    }

    @Test
    void aCallbackMayDrainTheBufferItWatches() {
        try (EvBuffer b = new EvBuffer()) {
            b.addCallback((buf, orig, added, deleted) -> {
                if (added > deleted) {
                    buf.drain(buf.length());
                }
            });
            b.addPrintf("This should get drained right away.");
            assertThat(b.length()).isZero();
        }
    }

    @Test
    void aCallbackSeesTheSizeBeforeAndTheCountsOfOneOperation() {
        try (EvBuffer b = new EvBuffer()) {
            b.prepend(ascii("foo"));
            long[] seen = new long[3];
            b.addCallback((buf, orig, added, deleted) -> {
                seen[0] = orig;
                seen[1] = added;
                seen[2] = deleted;
            });
            b.prepend(new byte[8096]);
            assertThat(seen).containsExactly(3, 8096, 0);
            try (EvBuffer other = new EvBuffer()) {
                b.removeBuffer(other, 100);
            }
            assertThat(seen).containsExactly(8099, 0, 100);
        }
    }

    @Test
    void nothingIsReportedWhenNothingChanged() {
        List<String> calls = new ArrayList<>();
        try (EvBuffer b = new EvBuffer(); EvBuffer empty = new EvBuffer()) {
            b.addCallback((buf, orig, added, deleted) -> calls.add(orig + "+" + added + "-" + deleted));
            b.add(new byte[0]);
            b.add(ByteBuffer.allocate(0));
            b.add("", StandardCharsets.UTF_8);
            b.drain(0);
            b.drain(10);
            b.addBuffer(empty);
            b.prependBuffer(empty);
            empty.removeBuffer(b, 5);
            b.remove(new byte[4]);
            assertThat(b.readLine(EolStyle.ANY)).isNull();
            b.pullup(-1);
            b.expand(100);
            b.commit(new ByteBuffer[0], 0);
            assertThat(calls).isEmpty();
            b.add(ascii("x"));
            assertThat(calls).containsExactly("0+1-0");
        }
    }

    @Test
    void bothBuffersOfAMoveAreTold() {
        List<String> calls = new ArrayList<>();
        try (EvBuffer src = new EvBuffer(); EvBuffer dst = new EvBuffer()) {
            src.add(ascii("line\nrest"));
            src.addCallback((buf, orig, added, deleted) -> calls.add("src " + orig + "+" + added + "-" + deleted));
            dst.addCallback((buf, orig, added, deleted) -> calls.add("dst " + orig + "+" + added + "-" + deleted));
            src.readLine(EolStyle.LF, dst);
            dst.addBuffer(src);
            assertThat(calls).containsExactly("dst 0+4-0", "src 9+0-5", "src 4+0-4", "dst 4+4-0");
        }
    }

    @Test
    void aCallbackMayRemoveItselfOrAnotherWhileCallbacksRun() {
        List<String> calls = new ArrayList<>();
        try (EvBuffer b = new EvBuffer()) {
            CallbackEntry[] entries = new CallbackEntry[3];
            entries[0] = b.addCallback((buf, o, a, d) -> calls.add("first"));
            entries[1] = b.addCallback((buf, o, a, d) -> {
                calls.add("second");
                buf.removeCallback(entries[0]);
                buf.removeCallback(entries[1]);
            });
            entries[2] = b.addCallback((buf, o, a, d) -> calls.add("third"));
            b.add(ascii("x"));
            b.add(ascii("y"));
            assertThat(calls).containsExactly("third", "second", "third");
        }
    }

    @Test
    void anEntryOfAnotherBufferIsRejected() {
        try (EvBuffer a = new EvBuffer(); EvBuffer b = new EvBuffer()) {
            CallbackEntry e = a.addCallback((buf, o, x, d) -> { });
            assertThatThrownBy(() -> b.removeCallback(e))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(a.toString());
            assertThatThrownBy(() -> a.addCallback(null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void anExceptionFromACallbackReachesTheCallerAfterTheOperationCompleted() {
        try (EvBuffer b = new EvBuffer()) {
            b.addCallback((buf, o, a, d) -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(() -> b.add(ascii("kept"))).hasMessage("boom");
            assertThat(contentsText(b)).isEqualTo("kept");
        }
    }
}
