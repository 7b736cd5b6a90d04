package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Real signals raised in this process. WINCH and URG are used because their default action is to
 * be ignored: a mistake in the test cannot kill the JVM.
 */
class SignalTest {

    @Test
    void aRaisedSignalRunsItsCallbackOnTheLoopThreadOncePerDelivery() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        try (EventBase base = new EventBase()) {
            AtomicInteger calls = new AtomicInteger();
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch three = new CountDownLatch(3);
            Event winch = base.newSignal("WINCH", (ev, what) -> {
                assertThat(what).isEqualTo(Ev.SIGNAL);
                thread.set(Thread.currentThread().getName());
                calls.incrementAndGet();
                three.countDown();
            });
            winch.add();
            assertThat(winch.events()).isEqualTo(Ev.SIGNAL | Ev.PERSIST);
            assertThat(winch.signal()).isEqualTo("WINCH");
            CountDownLatch running = new CountDownLatch(1);
            base.execute(running::countDown);
            Future<LoopResult> loop = pool.submit(base::dispatch);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            for (int i = 0; i < 3; i++) {
                Signal.raise(new Signal("WINCH"));
            }
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(thread.get()).isEqualTo("loop");

            winch.del();
            assertThat(loop.get(10, TimeUnit.SECONDS)).isEqualTo(LoopResult.NO_EVENTS);
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSignalThatArrivesWhileNoLoopRunsIsDeliveredByTheNextLoop() throws Exception {
        try (EventBase base = new EventBase()) {
            AtomicInteger calls = new AtomicInteger();
            Event urg = base.newSignal("SIGURG", (ev, what) -> {
                calls.incrementAndGet();
                ev.del();
            });
            urg.add();
            Signal.raise(new Signal("URG"));
            base.dispatch();
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void deletingTheLastSignalEventRestoresThePreviousHandler() {
        Signal winch = new Signal("WINCH");
        SignalHandler before = Signal.handle(winch, SignalHandler.SIG_DFL);
        Signal.handle(winch, before);
        try (EventBase base = new EventBase()) {
            Event e = base.newSignal("WINCH", (ev, what) -> { });
            e.add();
            SignalHandler during = Signal.handle(winch, SignalHandler.SIG_DFL);
            Signal.handle(winch, during);
            assertThat(during).isNotEqualTo(before);
            e.del();
            SignalHandler after = Signal.handle(winch, SignalHandler.SIG_DFL);
            Signal.handle(winch, after);
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void anUnknownSignalNameIsRefusedAtCreationWithTheNamesTheJvmAllows() {
        try (EventBase base = new EventBase()) {
            assertThatThrownBy(() -> base.newSignal("FOO", (ev, what) -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown signal \"FOO\"; this JVM can watch HUP INT TERM USR1 USR2")
                    .hasMessageNotContaining("QUIT").hasMessageNotContaining("KILL");
        }
    }

    @Test
    void aSignalTheJvmReservesIsRefusedAtCreation() {
        try (EventBase base = new EventBase()) {
            for (String reserved : new String[] {"QUIT", "SIGKILL", "segv"}) {
                assertThatThrownBy(() -> base.newSignal(reserved, (ev, what) -> { }))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("cannot be watched: the JVM reserves it")
                        .hasMessageContaining("this JVM can watch HUP INT TERM");
            }
            assertThat(base.eventCount(EventBase.COUNT_ADDED)).isZero();
        }
    }

    @Test
    void everySignalTheMessageOffersCanBeWatched() {
        String message = "";
        try (EventBase base = new EventBase()) {
            try {
                base.newSignal("FOO", (ev, what) -> { });
            } catch (IllegalArgumentException e) {
                message = e.getMessage();
            }
            String[] offered = message.substring(message.indexOf("can watch ") + "can watch ".length()).split(" ");
            assertThat(offered).contains("HUP", "INT", "TERM", "USR1", "USR2", "WINCH");
            for (String name : offered) {
                // KILL-like signals would make add() throw; these must all be accepted and released.
                Event e = base.newSignal(name, (ev, what) -> { });
                e.add();
                e.close();
            }
        }
    }
}
