package io.jevent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.internal.SegmentPool;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test after which the shared segment pool is missing segments: every test that uses it
 * must close its buffers, and closing must give every pooled segment back.
 */
final class PoolHygiene implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PoolHygiene.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("outstanding", SegmentPool.outstanding());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long before = context.getStore(NS).get("outstanding", Long.class);
        assertThat(SegmentPool.outstanding()).as("pooled segments not returned").isEqualTo(before);
    }
}
