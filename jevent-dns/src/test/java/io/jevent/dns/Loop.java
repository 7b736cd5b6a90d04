package io.jevent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a loop until a result arrives, with a timeout, on the test's thread. */
final class Loop {
    private Loop() {
    }

    /** Starts something that completes {@code result} on the loop, and runs the loop until it does. */
    static <T> T await(EventBase base, Consumer<CompletableFuture<T>> start) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((value, failure) -> base.loopBreak());
        start.accept(result);
        io.jevent.Event guard = base.newTimer((ev, what) -> base.loopBreak());
        guard.add(Duration.ofSeconds(20));
        if (!result.isDone()) {
            base.loop(EventBase.LOOP_NO_EXIT_ON_EMPTY);
        }
        guard.close();
        assertThat(result).as("an answer within 20 s").isDone();
        return result.get(0, TimeUnit.SECONDS);
    }
}
