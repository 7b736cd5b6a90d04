package io.jevent.bench.buffer;

import io.jevent.buffer.EvBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import okio.ByteString;
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
 * Finding a 4-byte pattern in 1 MiB: the CR LF CR LF that ends an HTTP header block, at the very
 * end of 1 MiB of 80-byte CRLF lines, so the pattern's first byte turns up every 80 bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class SearchBenchmark {
    static final byte[] PATTERN = {'\r', '\n', '\r', '\n'};

    EvBuffer jevent;
    ByteBuf netty;
    ByteBuf nettyPattern;
    okio.Buffer okio;
    ByteString okioPattern;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] data = Lines.mebibyte();
        jevent = new EvBuffer();
        jevent.add(data).add(PATTERN);
        netty = PooledByteBufAllocator.DEFAULT.directBuffer(data.length + 4);
        netty.writeBytes(data).writeBytes(PATTERN);
        nettyPattern = Unpooled.wrappedBuffer(PATTERN);
        okio = new okio.Buffer();
        okio.write(data).write(PATTERN);
        okioPattern = ByteString.of(PATTERN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jevent.close();
        netty.release();
    }

    @Benchmark
    public long jevent() {
        return jevent.search(PATTERN);
    }

    @Benchmark
    public int netty() {
        return ByteBufUtil.indexOf(nettyPattern, netty);
    }

    @Benchmark
    public long okio() throws java.io.IOException {
        return okio.indexOf(okioPattern);
    }
}
