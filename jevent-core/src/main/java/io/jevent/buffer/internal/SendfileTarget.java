package io.jevent.buffer.internal;

import java.nio.channels.WritableByteChannel;

/**
 * A channel that writes on behalf of a JDK socket channel (a native backend's direct reads and
 * writes on its descriptor). A file segment's bytes go to that socket channel instead, because the
 * JDK's {@code FileChannel.transferTo} uses {@code sendfile} only towards its own channel types and
 * copies through a buffer towards any other.
 *
 * <p>The thread that owns the buffer's chain (the buffer's lock held).
 */
public interface SendfileTarget {
    /** The channel a file range is transferred to. */
    WritableByteChannel sendfileTarget();
}
