package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jevent.buffer.internal.SegmentPool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two system properties that bound the segment pool: how their values are read, what a bad one
 * says, and, in a JVM of its own, that the pool's own thread gives memory back after the quiet period.
 */
class PoolSettingsTest {

    @Test
    void byteCountsTakeOptionalUnits() {
        assertThat(SegmentPool.parseBytes("p", "4096", 1)).isEqualTo(4096);
        assertThat(SegmentPool.parseBytes("p", "512k", 1)).isEqualTo(512 * 1024);
        assertThat(SegmentPool.parseBytes("p", " 64M ", 1)).isEqualTo(64L << 20);
        assertThat(SegmentPool.parseBytes("p", "1g", 1)).isEqualTo(1L << 30);
        assertThat(SegmentPool.parseBytes("p", "0", 1)).isZero();
        assertThat(SegmentPool.parseBytes("p", null, 7)).isEqualTo(7);
        assertThat(SegmentPool.parseMillis("q", "250", 1)).isEqualTo(250);
        assertThat(SegmentPool.parseMillis("q", "", 9)).isEqualTo(9);
    }

    @Test
    void badValuesNameThePropertyAndWhatItAccepts() {
        assertThatThrownBy(() -> SegmentPool.parseBytes("jevent.buffer.poolBytes", "lots", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Djevent.buffer.poolBytes must be a byte count")
                .hasMessageEndingWith(": lots");
        assertThatThrownBy(() -> SegmentPool.parseBytes("jevent.buffer.poolBytes", "-1m", 1))
                .hasMessageEndingWith(": -1m");
        assertThatThrownBy(() -> SegmentPool.parseMillis("jevent.buffer.poolQuietMillis", "-5", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Djevent.buffer.poolQuietMillis must be a number of milliseconds")
                .hasMessageEndingWith(": -5");
        assertThatThrownBy(() -> SegmentPool.limit(-1, 0)).hasMessageContaining("-1");
    }

    @Test
    void aJvmStartedWithTheSettingsGivesBackAfterItsQuietPeriod() throws Exception {
        String out = runChild("-Djevent.buffer.poolBytes=64k", "-Djevent.buffer.poolQuietMillis=200");
        assertThat(out).startsWith("limit 65536 quiet 200 ");
        String[] f = out.trim().split(" ");
        long peak = Long.parseLong(f[5]);
        long after = Long.parseLong(f[7]);
        assertThat(peak).isGreaterThanOrEqualTo(512);
        assertThat(after).isEqualTo(8);
    }

    @Test
    void aBadSettingStopsTheFirstBufferWithTheMessage() throws Exception {
        String out = runChild("-Djevent.buffer.poolBytes=plenty");
        assertThat(out).contains("-Djevent.buffer.poolBytes must be a byte count").contains(": plenty");
    }

    private static String runChild(String... props) throws IOException, InterruptedException {
        var cmd = new java.util.ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.util.List.of(props));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The child JVM: a 4 MiB burst, then the free count once the pool's thread has given back. */
    static final class Child {
        public static void main(String[] args) throws InterruptedException {
            try {
                try (EvBuffer b = new EvBuffer()) {
                    b.add(new byte[4 << 20]);
                }
                long peak = SegmentPool.free();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                // The pool's own thread does the work; waiting for its effect, bounded, is the test.
                while (SegmentPool.free() > SegmentPool.limitBytes() / 8192 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
                System.out.println("limit " + SegmentPool.limitBytes() + " quiet " + SegmentPool.quietMillis()
                        + " peak " + peak + " after " + SegmentPool.free());
            } catch (ExceptionInInitializerError e) {
                System.out.println(e.getCause());
            }
        }
    }
}
