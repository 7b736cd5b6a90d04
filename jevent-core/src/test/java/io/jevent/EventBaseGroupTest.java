package io.jevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventBaseGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Runs {@code task} on {@code base}'s loop and waits for it. */
    private static <T> T onLoop(EventBase base, java.util.function.Supplier<T> task) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        base.execute(() -> {
            result.set(task.get());
            done.countDown();
        });
        assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the loop ran the task").isTrue();
        return result.get();
    }

    @Test
    void eachLoopRunsOnAThreadOfItsOwnNamedAfterTheGroup() throws Exception {
        try (EventBaseGroup group = EventBaseGroup.builder().loops(3).name("t1").build()) {
            assertThat(group.size()).isEqualTo(3);
            for (int i = 0; i < 3; i++) {
                EventBase base = group.get(i);
                assertThat(onLoop(base, () -> Thread.currentThread().getName())).isEqualTo("jevent-loop-t1-" + i);
                assertThat(onLoop(base, base::inLoopThread)).isTrue();
                assertThat(onLoop(base, () -> group.isLoopThread(Thread.currentThread()))).isTrue();
            }
            assertThat(group.isLoopThread(Thread.currentThread())).isFalse();
        }
    }

    @Test
    void aLoopWithNoEventsKeepsRunningUntilTheGroupCloses() throws Exception {
        try (EventBaseGroup group = EventBaseGroup.create(2)) {
            String first = onLoop(group.get(1), () -> Thread.currentThread().getName());
            // The loop had nothing left after the first task; it must still be there for the second.
            Event timer = group.get(1).newTimer((ev, what) -> { });
            timer.add(Duration.ZERO);
            String second = onLoop(group.get(1), () -> Thread.currentThread().getName());
            assertThat(second).isEqualTo(first);
            assertThat(group.isTerminated()).isFalse();
        }
    }

    @Test
    void aLoopExitOnAGroupsBaseDoesNotEndItsThread() throws Exception {
        try (EventBaseGroup group = EventBaseGroup.create(1)) {
            EventBase base = group.get(0);
            onLoop(base, () -> {
                base.loopExit();
                return null;
            });
            assertThat(onLoop(base, base::inLoopThread)).isTrue();
        }
    }

    @Test
    void nextGoesRoundRobinFromManyThreadsGivingEachLoopTheSameShare() throws Exception {
        try (EventBaseGroup group = EventBaseGroup.create(4)) {
            List<EventBase> firstRound = List.of(group.next(), group.next(), group.next(), group.next());
            assertThat(firstRound).containsExactly(group.get(0), group.get(1), group.get(2), group.get(3));

            Map<EventBase, AtomicInteger> counts = Collections.synchronizedMap(new IdentityHashMap<>());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> pickers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread picker = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    Map<EventBase, Integer> mine = new IdentityHashMap<>();
                    for (int i = 0; i < 10_000; i++) {
                        mine.merge(group.next(), 1, Integer::sum);
                    }
                    mine.forEach((b, n) -> counts.computeIfAbsent(b, k -> new AtomicInteger()).addAndGet(n));
                });
                picker.start();
                pickers.add(picker);
            }
            start.countDown();
            for (Thread picker : pickers) {
                picker.join(WAIT.toMillis());
                assertThat(picker.isAlive()).isFalse();
            }
            assertThat(counts).hasSize(4);
            counts.values().forEach(n -> assertThat(n.get()).isEqualTo(10_000));
        }
    }

    @Test
    void executeSpreadsTasksOverTheLoopsAndEachLoopRunsItsOwnInOrder() throws Exception {
        int loops = 3;
        int perLoop = 2_000;
        try (EventBaseGroup group = EventBaseGroup.create(loops)) {
            Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(loops * perLoop);
            for (int i = 0; i < loops * perLoop; i++) {
                int n = i;
                group.execute(() -> {
                    seen.computeIfAbsent(Thread.currentThread().getName(), k -> new CopyOnWriteArrayList<>()).add(n);
                    done.countDown();
                });
            }
            assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(seen).hasSize(loops);
            for (List<Integer> ran : seen.values()) {
                assertThat(ran).hasSize(perLoop).isSorted();
                // Round-robin from one thread: loop k gets k, k + loops, k + 2 * loops, ...
                for (int j = 1; j < ran.size(); j++) {
                    assertThat(ran.get(j) - ran.get(j - 1)).isEqualTo(loops);
                }
            }
        }
    }

    @Test
    void tasksAcceptedBeforeShutdownRunBeforeTheLoopsEnd() throws Exception {
        EventBaseGroup group = EventBaseGroup.create(2);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        group.get(0).execute(() -> {
            blocking.countDown();
            await(release);
        });
        assertThat(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            group.get(i % 2).execute(() -> ran.add(n));
        }
        group.shutdown();
        assertThatThrownBy(() -> group.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        assertThat(group.awaitTermination(Duration.ZERO)).isFalse();
        release.countDown();
        assertThat(group.awaitTermination(WAIT)).isTrue();
        assertThat(group.isTerminated()).isTrue();
        assertThat(ran).hasSize(100);
        assertThat(group.get(0).isClosed()).isTrue();
        assertThat(group.get(1).isClosed()).isTrue();
        group.close();
    }

    @Test
    void closeStopsEveryLoopThreadAndClosesTheBases() throws Exception {
        EventBaseGroup group = EventBaseGroup.builder().loops(3).name("t2").build();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(onLoop(group.get(i), Thread::currentThread));
        }
        Event pending = group.get(2).newTimer((ev, what) -> { });
        pending.add(Duration.ofHours(1));
        group.close();
        assertThat(group.isShutdown()).isTrue();
        assertThat(group.isTerminated()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(group.get(i).isClosed()).isTrue();
            assertThat(threads.get(i).isAlive()).isFalse();
        }
        assertThat(group.toString()).contains("t2").contains("terminated");
        group.close();
        assertThatThrownBy(() -> group.get(0).execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closeCalledOnALoopThreadShutsDownWithoutWaitingForItself() throws Exception {
        EventBaseGroup group = EventBaseGroup.create(2);
        CountDownLatch closed = new CountDownLatch(1);
        group.get(1).execute(() -> {
            group.close();
            assertThatThrownBy(() -> group.awaitTermination(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("its own loop");
            closed.countDown();
        });
        assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(group.awaitTermination(WAIT)).isTrue();
    }

    @Test
    void aGroupOfOneRunsEverythingOnItsOnlyLoop() throws Exception {
        try (EventBaseGroup group = EventBaseGroup.create(1)) {
            assertThat(group.next()).isSameAs(group.get(0)).isSameAs(group.next());
            CountDownLatch done = new CountDownLatch(10);
            List<String> threads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 10; i++) {
                group.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
            }
            assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(threads).hasSize(10).containsOnly(threads.get(0));
        }
    }

    @Test
    void anExceptionInATaskGoesToTheBasesHandlerAndTheLoopGoesOn() throws Exception {
        List<RuntimeException> handled = new CopyOnWriteArrayList<>();
        try (EventBaseGroup group = EventBaseGroup.builder().loops(2)
                .baseConfig(EventBase.builder().callbackErrorHandler(handled::add)).build()) {
            group.get(0).execute(() -> {
                throw new IllegalStateException("task failed");
            });
            assertThat(onLoop(group.get(0), () -> Thread.currentThread().getName())).endsWith("-0");
            assertThat(handled).extracting(Throwable::getMessage).containsExactly("task failed");
        }
    }

    @Test
    void anExceptionLoggedByDefaultDoesNotEndTheLoopThread() throws Exception {
        try (LogCapture log = new LogCapture(java.util.logging.Level.ALL);
                EventBaseGroup group = EventBaseGroup.create(1)) {
            Thread loopThread = onLoop(group.get(0), Thread::currentThread);
            group.execute(() -> {
                throw new IllegalArgumentException("logged");
            });
            assertThat(onLoop(group.get(0), Thread::currentThread)).isSameAs(loopThread);
            assertThat(log.records).extracting(r -> r.getThrown().getMessage()).contains("logged");
        }
    }

    @Test
    void aBaseThatRethrowsHandsTheExceptionToTheThreadAndRunsOn() throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        try (EventBaseGroup group = EventBaseGroup.builder().loops(1)
                .baseConfig(EventBase.builder().rethrowCallbackErrors()).build()) {
            Thread loopThread = onLoop(group.get(0), Thread::currentThread);
            loopThread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
            group.execute(() -> {
                throw new IllegalStateException("rethrown");
            });
            assertThat(onLoop(group.get(0), Thread::currentThread)).isSameAs(loopThread);
            assertThat(uncaught).extracting(Throwable::getMessage).containsExactly("rethrown");
        }
    }

    @Test
    void aBaseFactoryMakesEveryBase() throws Exception {
        List<EventBase> made = new ArrayList<>();
        try (EventBaseGroup group = EventBaseGroup.builder().loops(2).baseFactory(() -> {
            EventBase base = EventBase.builder().priorities(3).build();
            made.add(base);
            return base;
        }).build()) {
            assertThat(made).containsExactly(group.get(0), group.get(1));
            assertThat(group.get(1).priorities()).isEqualTo(3);
        }
    }

    @Test
    void misuseIsRefusedWithAMessageThatSaysWhy() {
        assertThatThrownBy(() -> EventBaseGroup.create(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 loop: 0");
        assertThatThrownBy(() -> EventBaseGroup.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        EventBase shared = new EventBase();
        assertThatThrownBy(() -> EventBaseGroup.builder().loops(2).baseFactory(() -> shared).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("same EventBase twice");
        assertThat(shared.isClosed()).isTrue();
        assertThatThrownBy(() -> EventBaseGroup.builder().baseFactory(() -> null).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("null");
        try (EventBaseGroup group = EventBaseGroup.create(2)) {
            assertThatThrownBy(() -> group.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> group.awaitTermination(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyTaskAcceptedWhileTheGroupShutsDownRunsExactlyOnce() throws Exception {
        EventBaseGroup group = EventBaseGroup.create(3);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch submitting = new CountDownLatch(4);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread submitter = new Thread(() -> {
                submitting.countDown();
                while (true) {
                    try {
                        group.execute(ran::incrementAndGet);
                    } catch (RejectedExecutionException e) {
                        return;
                    }
                    accepted.incrementAndGet();
                }
            });
            submitter.start();
            submitters.add(submitter);
        }
        assertThat(submitting.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        group.shutdown();
        for (Thread submitter : submitters) {
            submitter.join(WAIT.toMillis());
            assertThat(submitter.isAlive()).as("a submitter saw the refusal").isFalse();
        }
        assertThat(group.awaitTermination(WAIT)).isTrue();
        assertThat(ran.get()).isEqualTo(accepted.get());
    }

    @Test
    void loopThreadsAreNonDaemonUnlessTheBuilderSaysSo() throws Exception {
        try (EventBaseGroup plain = EventBaseGroup.create(1);
                EventBaseGroup daemon = EventBaseGroup.builder().daemon(true).build()) {
            assertThat(onLoop(plain.get(0), Thread::currentThread).isDaemon()).isFalse();
            assertThat(onLoop(daemon.get(0), Thread::currentThread).isDaemon()).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
