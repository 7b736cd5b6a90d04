package io.jevent.bench.buffer;

import io.jevent.buffer.EvBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Moving 1 MiB from one buffer to another and back, as a proxy moves a request from its input to
 * an output. The {@code Part} variants move all but the last 100 bytes, so the last segment is cut.
 *
 * <p>Netty's zero-copy answer is CompositeByteBuf: its components (8 KiB pooled buffers, like
 * jevent's segments) are handed over one by one; {@code nettyCopy} is what most Netty code does,
 * {@code writeBytes} from one pooled buffer into another. Okio moves its segments with
 * {@code write(source, byteCount)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class MoveBenchmark {
    static final int SIZE = 1 << 20;

    EvBuffer jeventA;
    EvBuffer jeventB;
    CompositeByteBuf compositeA;
    CompositeByteBuf compositeB;
    ByteBuf nettyA;
    ByteBuf nettyB;
    okio.Buffer okioA;
    okio.Buffer okioB;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] data = Lines.mebibyte();
        byte[] all = java.util.Arrays.copyOf(data, SIZE);
        jeventA = new EvBuffer();
        jeventB = new EvBuffer();
        jeventA.add(all);
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        compositeA = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        compositeB = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        for (int off = 0; off < SIZE; off += 8192) {
            compositeA.addComponent(true, alloc.directBuffer(8192).writeBytes(all, off, 8192));
        }
        nettyA = alloc.directBuffer(SIZE);
        nettyB = alloc.directBuffer(SIZE);
        nettyA.writeBytes(all);
        okioA = new okio.Buffer();
        okioB = new okio.Buffer();
        okioA.write(all);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jeventA.close();
        jeventB.close();
        compositeA.release();
        compositeB.release();
        nettyA.release();
        nettyB.release();
    }

    @Benchmark
    public long jevent() {
        jeventB.addBuffer(jeventA);
        jeventA.addBuffer(jeventB);
        return jeventA.length();
    }

    @Benchmark
    public long jeventPart() {
        jeventA.removeBuffer(jeventB, SIZE - 100);
        jeventB.addBuffer(jeventA);
        jeventA.addBuffer(jeventB);
        return jeventA.length();
    }

    @Benchmark
    public int nettyComposite() {
        handOver(compositeA, compositeB);
        handOver(compositeB, compositeA);
        return compositeA.readableBytes();
    }

    private static void handOver(CompositeByteBuf from, CompositeByteBuf to) {
        int n = from.numComponents();
        for (int i = 0; i < n; i++) {
            to.addComponent(true, from.internalComponent(i).retain());
        }
        from.removeComponents(0, n);
        from.clear();
    }

    @Benchmark
    public int nettyCopy() {
        nettyB.writeBytes(nettyA);
        nettyA.clear();
        nettyA.writeBytes(nettyB);
        nettyB.clear();
        return nettyA.readableBytes();
    }

    @Benchmark
    public long okio() {
        okioB.write(okioA, okioA.size());
        okioA.write(okioB, okioB.size());
        return okioA.size();
    }

    @Benchmark
    public long okioPart() {
        okioB.write(okioA, SIZE - 100);
        okioB.write(okioA, okioA.size());
        okioA.write(okioB, okioB.size());
        return okioA.size();
    }
}
