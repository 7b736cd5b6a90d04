package io.jevent.bench.bufferevent;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Bytes moved per second from one BufferEvent to another on one loop thread: through a pair
 * (segments relinked from one end's output to the other's input), and through two socket
 * BufferEvents over a loopback TCP connection. Each operation writes {@code size} bytes at one end
 * and runs the loop until the other end's read callback has drained them all, so both paths pay
 * the write's copy into the output, the callbacks and the drain; the socket path also pays the
 * kernel. Throughput in bytes per second is operations per second times {@code size}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class PairThroughputBenchmark {
    @Param({"1024", "16384", "262144"})
    int size;

    EventBase base;
    BufferEvent pairWriter;
    BufferEvent socketWriter;
    BufferEvent[] all;
    SocketChannel[] channels;
    byte[] block;
    long received;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        base = new EventBase();
        block = new byte[size];
        BufferEvent[] ends = BufferEvent.pair(base);
        pairWriter = ends[0];
        counting(ends[1]);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel left = SocketChannel.open(server.getLocalAddress());
            SocketChannel right = server.accept();
            channels = new SocketChannel[] {left, right};
            socketWriter = BufferEvent.socket(base, left, BevOption.CLOSE_ON_FREE);
            BufferEvent reader = BufferEvent.socket(base, right, BevOption.CLOSE_ON_FREE);
            counting(reader);
            all = new BufferEvent[] {ends[0], ends[1], socketWriter, reader};
        }
    }

    private void counting(BufferEvent reader) {
        reader.setCallbacks(r -> received += r.input().drain(r.input().length()), null, null);
        reader.enable(Ev.READ);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (BufferEvent b : all) {
            b.close();
        }
        base.close();
    }

    private long move(BufferEvent writer) {
        long target = received + size;
        writer.write(block);
        while (received < target) {
            base.loop(EventBase.LOOP_ONCE);
        }
        return received;
    }

    @Benchmark
    public long pair() {
        return move(pairWriter);
    }

    @Benchmark
    public long socketPair() {
        return move(socketWriter);
    }
}
