package io.jevent.bench.buffer;

import io.jevent.buffer.EolStyle;
import io.jevent.buffer.EvBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.Charset;
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
 * Reading 1 MiB of 80-byte lines as Strings, what a text protocol parser does: copy the mebibyte in,
 * then take a String per line until none is left.
 *
 * <p>Netty splits lines as {@link NettyLines} describes; a line becomes a String with
 * {@code ByteBuf.toString}. Okio's {@code readUtf8Line} decodes UTF-8 whatever the
 * charset parameter and accepts LF or CR LF, so it is the same for both styles. Netty's US-ASCII
 * decoding maps bytes above 0x7F to Latin-1 characters without checking, where jevent (like the
 * JDK) replaces them: jevent does that check, which costs it about 2 ns a line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class ReadLineStringBenchmark {
    @Param({"ANY", "CRLF"})
    EolStyle style;

    @Param({"US-ASCII", "ISO-8859-1"})
    String charset;

    Charset cs;
    byte[] data;
    EvBuffer jevent;
    ByteBuf netty;
    okio.Buffer okio;

    @Setup(Level.Trial)
    public void setUp() {
        cs = Charset.forName(charset);
        data = Lines.mebibyte();
        jevent = new EvBuffer();
        netty = PooledByteBufAllocator.DEFAULT.directBuffer(data.length);
        okio = new okio.Buffer();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jevent.close();
        netty.release();
    }

    @Benchmark
    public void jevent(Blackhole bh) {
        EvBuffer b = jevent;
        b.add(data);
        String line;
        while ((line = b.readLine(style, cs)) != null) {
            bh.consume(line);
        }
    }

    @Benchmark
    public void netty(Blackhole bh) {
        ByteBuf b = netty;
        b.clear().writeBytes(data);
        int end;
        while ((end = NettyLines.endOfLine(b, style)) >= 0) {
            int start = b.readerIndex();
            bh.consume(b.toString(start, NettyLines.lineEnd(b, style, start, end) - start, cs));
            NettyLines.skipEol(b, style, end);
        }
    }

    @Benchmark
    public void okio(Blackhole bh) throws java.io.EOFException {
        okio.Buffer b = okio;
        b.write(data);
        String line;
        while ((line = b.readUtf8Line()) != null) {
            bh.consume(line);
        }
    }
}
