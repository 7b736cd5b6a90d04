package io.jevent.bench.buffer;

import io.jevent.buffer.EvBuffer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 * Writing a message to a loopback socket and reading it back on the other end, on one thread with
 * non-blocking channels: each operation writes {@code size} bytes from one buffer (a gathering
 * write where the buffer has several parts) and reads them into another, then re-arms the first.
 *
 * <p>jevent's message is several 8 KiB segments; it is written with one gathering write and read
 * with one scattering read per call, and re-armed by moving the received bytes back (no copy).
 * Netty is shown with a pooled direct buffer (one contiguous write) and with a CompositeByteBuf of
 * 8 KiB components (its gathering write); both re-arm by rewinding. Okio has no channel I/O of its
 * own: bytes go through a direct ByteBuffer, as an NIO program using it would do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class SocketBenchmark {
    @Param({"65536"})
    int size;

    SocketChannel writer;
    SocketChannel reader;
    EvBuffer jeventOut;
    EvBuffer jeventIn;
    ByteBuf nettyOut;
    ByteBuf nettyIn;
    CompositeByteBuf compositeOut;
    okio.Buffer okioOut;
    okio.Buffer okioIn;
    ByteBuffer okioWrite;
    ByteBuffer okioRead;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            writer = SocketChannel.open(server.getLocalAddress());
            reader = server.accept();
        }
        writer.configureBlocking(false);
        reader.configureBlocking(false);
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = (byte) i;
        }
        jeventOut = new EvBuffer();
        jeventIn = new EvBuffer();
        jeventOut.add(message);
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        nettyOut = alloc.directBuffer(size).writeBytes(message);
        nettyIn = alloc.directBuffer(size);
        compositeOut = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        for (int off = 0; off < size; off += 8192) {
            int n = Math.min(8192, size - off);
            compositeOut.addComponent(true, alloc.directBuffer(8192).writeBytes(message, off, n));
        }
        okioOut = new okio.Buffer().write(message);
        okioIn = new okio.Buffer();
        okioWrite = ByteBuffer.allocateDirect(size);
        okioRead = ByteBuffer.allocateDirect(size);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        writer.close();
        reader.close();
        jeventOut.close();
        jeventIn.close();
        nettyOut.release();
        nettyIn.release();
        compositeOut.release();
    }

    @Benchmark
    public long jevent() throws IOException {
        EvBuffer out = jeventOut;
        EvBuffer in = jeventIn;
        while (in.length() < size) {
            if (out.length() > 0) {
                out.write(writer);
            }
            in.read(reader, -1);
        }
        out.addBuffer(in);
        return out.length();
    }

    @Benchmark
    public int nettyPooledDirect() throws IOException {
        return nettyRoundTrip(nettyOut);
    }

    @Benchmark
    public int nettyComposite() throws IOException {
        return nettyRoundTrip(compositeOut);
    }

    private int nettyRoundTrip(ByteBuf out) throws IOException {
        ByteBuf in = nettyIn;
        in.clear();
        while (in.readableBytes() < size) {
            if (out.isReadable()) {
                out.readBytes(writer, out.readableBytes());
            }
            in.writeBytes(reader, in.writableBytes());
        }
        out.readerIndex(0);
        return in.readableBytes();
    }

    @Benchmark
    public long okio() throws IOException {
        okio.Buffer out = okioOut;
        okio.Buffer in = okioIn;
        ByteBuffer w = okioWrite;
        ByteBuffer r = okioRead;
        w.clear();
        while (out.size() > 0) {
            out.read(w);
        }
        w.flip();
        while (in.size() < size) {
            if (w.hasRemaining()) {
                writer.write(w);
            }
            r.clear();
            if (reader.read(r) > 0) {
                r.flip();
                in.write(r);
            }
        }
        out.write(in, in.size());
        return out.size();
    }
}
