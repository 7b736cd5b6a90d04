package io.jevent.bench.dispatch;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * libevent's {@code test/bench.c} as a JMH benchmark: {@code pipes} pipes in a ring, {@code active}
 * of them get a byte when a round starts, and each readable pipe's callback reads one byte and
 * writes one to the next pipe until the round's {@code pipes} writes (bench.c's default
 * {@code -w}) are done. One operation is one round, including its {@code active} first writes
 * (bench.c starts its clock after them; here every loop pays them alike).
 *
 * <p>{@code loop} picks the loop: the raw java.nio floor, jevent, or Netty (see {@link LoopKind}).
 * One fork per combination, so each loop's JIT profile is its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DispatchBenchmark {
    @Param({"100", "1000"})
    int pipes;

    @Param({"1", "100"})
    int active;

    @Param
    LoopKind loop;

    private PipeRing ring;
    private RingDriver driver;

    @Setup
    public void open() throws IOException {
        ring = new PipeRing(pipes, active, pipes);
        driver = loop.open(ring);
    }

    @Benchmark
    public void round() throws IOException {
        driver.round();
    }

    @TearDown
    public void close() throws IOException {
        try {
            driver.close();
        } finally {
            ring.close();
        }
    }
}
