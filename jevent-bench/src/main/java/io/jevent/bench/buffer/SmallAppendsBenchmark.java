package io.jevent.bench.buffer;

import io.jevent.buffer.EvBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Many small appends, then everything drained: building a response out of small pieces. Each
 * operation appends 1024 pieces of {@code size} bytes and empties the buffer, which stays alive,
 * so the steady state reuses memory (pool segments, Netty's pooled buffer, Okio's segment pool).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class SmallAppendsBenchmark {
    private static final int PIECES = 1024;

    @Param({"16", "100"})
    int size;

    byte[] piece;
    EvBuffer jevent;
    ByteBuf netty;
    okio.Buffer okio;

    @Setup(Level.Trial)
    public void setUp() {
        piece = new byte[size];
        for (int i = 0; i < size; i++) {
            piece[i] = (byte) ('a' + i % 26);
        }
        jevent = new EvBuffer();
        netty = PooledByteBufAllocator.DEFAULT.directBuffer();
        okio = new okio.Buffer();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jevent.close();
        netty.release();
        okio.clear();
    }

    @Benchmark
    public long jevent() {
        EvBuffer b = jevent;
        for (int i = 0; i < PIECES; i++) {
            b.add(piece);
        }
        return b.drain(b.length());
    }

    @Benchmark
    public int nettyPooledDirect() {
        ByteBuf b = netty;
        for (int i = 0; i < PIECES; i++) {
            b.writeBytes(piece);
        }
        int n = b.readableBytes();
        b.clear();
        return n;
    }

    @Benchmark
    public long okio() {
        okio.Buffer b = okio;
        for (int i = 0; i < PIECES; i++) {
            b.write(piece);
        }
        long n = b.size();
        b.clear();
        return n;
    }
}
