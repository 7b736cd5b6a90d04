package io.jevent.bench.buffer;

import io.jevent.buffer.EolStyle;
import io.jevent.buffer.EvBuffer;
import io.jevent.buffer.EvBufferPtr;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reading 1 MiB of 80-byte lines without making Strings: copy the mebibyte in, then take lines until
 * none is left. {@code jeventView} and {@code netty} look at each line in place (a read-only view of
 * the segment, a slice); {@code jevent} and {@code okio} move each line into a second buffer and
 * empty it, which also costs a segment from the pool and back per line. {@link ReadLineStringBenchmark}
 * makes a String of each line.
 *
 * <p>Netty splits lines as {@link NettyLines} describes. Okio has only LF or CR LF, so its
 * numbers are the same for both styles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class ReadLineBenchmark {
    @Param({"ANY", "CRLF"})
    EolStyle style;

    byte[] data;
    EvBuffer jevent;
    EvBuffer jeventSink;
    EvBufferPtr ptr;
    ByteBuf netty;
    okio.Buffer okio;
    okio.Buffer okioSink;

    @Setup(Level.Trial)
    public void setUp() {
        data = Lines.mebibyte();
        jevent = new EvBuffer();
        jeventSink = new EvBuffer();
        ptr = jevent.ptr();
        netty = PooledByteBufAllocator.DEFAULT.directBuffer(data.length);
        okio = new okio.Buffer();
        okioSink = new okio.Buffer();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jevent.close();
        jeventSink.close();
        netty.release();
    }

    @Benchmark
    public long jevent() {
        EvBuffer b = jevent;
        EvBuffer sink = jeventSink;
        b.add(data);
        long n = 0;
        long len;
        while ((len = b.readLine(style, sink)) >= 0) {
            n += len;
            sink.drain(len);
        }
        return n;
    }

    /** jevent's counterpart of a Netty slice: find the end of line, view the line in place, drop it. */
    @Benchmark
    public long jeventView(Blackhole bh) {
        EvBuffer b = jevent;
        b.add(data);
        EvBufferPtr p = ptr;
        long n = 0;
        long eol;
        while (p.set(0) && (eol = p.searchEol(style)) >= 0) {
            long len = p.position();
            if (len > 0) {
                bh.consume(b.pullup(len));
            }
            b.drain(len + eol);
            n += len;
        }
        return n;
    }

    @Benchmark
    public long netty(Blackhole bh) {
        ByteBuf b = netty;
        b.clear().writeBytes(data);
        long n = 0;
        int end;
        while ((end = NettyLines.endOfLine(b, style)) >= 0) {
            int start = b.readerIndex();
            ByteBuf line = b.slice(start, NettyLines.lineEnd(b, style, start, end) - start);
            n += line.readableBytes();
            bh.consume(line);
            NettyLines.skipEol(b, style, end);
        }
        return n;
    }

    @Benchmark
    public long okio() throws java.io.EOFException {
        okio.Buffer b = okio;
        okio.Buffer sink = okioSink;
        b.write(data);
        long n = 0;
        long lf;
        while ((lf = b.indexOf((byte) '\n')) >= 0) {
            long len = lf > 0 && b.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            b.read(sink, len);
            b.skip(lf + 1 - len);
            n += len;
            sink.clear();
        }
        return n;
    }
}
