package io.jevent.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The echo server allocates nothing per message once warm: a correctness check of the hot path,
 * not a timing. A few hundred bytes in total (a JIT deoptimization, a table growing once) are
 * tolerated; anything per message would show up as many bytes per message.
 */
class EchoAllocationTest {

    @Test
    void theJeventEchoServerAllocatesNothingPerMessageInSteadyState() throws Exception {
        double small = EchoAllocation.measure(new EchoLoad.Config(10, 16, 64, 1), 200_000, 300_000);
        double large = EchoAllocation.measure(new EchoLoad.Config(4, 4, 16 * 1024, 1), 50_000, 50_000);
        assertThat(small).as("bytes per 64 B message").isLessThan(0.5);
        assertThat(large).as("bytes per 16 KiB message").isLessThan(0.5);
    }
}
