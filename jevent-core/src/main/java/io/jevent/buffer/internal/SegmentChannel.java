package io.jevent.buffer.internal;

import java.io.IOException;

/**
 * A channel that moves whole segments instead of copying bytes: it receives into pooled segments
 * and links them into a buffer's chain, and sends straight from the chain's segments, which it
 * pins until the kernel is done with them. {@link ChannelIo} takes this path when a channel offers
 * it; the channel's byte-buffer methods remain for what cannot go this way (file segments, heap
 * memory, writing through at once).
 *
 * <p>The thread that owns the buffer's chain (the buffer's lock held).
 */
public interface SegmentChannel {
    /**
     * Moves at most {@code max} received bytes ({@code max > 0}) to the end of {@code chain},
     * linking received segments where they fit whole and copying only a part cut off by
     * {@code max}.
     *
     * @return the bytes moved, 0 when none wait, -1 once the peer closed and all was handed over
     * @throws IOException what the kernel reported, once the bytes before it are handed over
     */
    int receive(Chain chain, int max) throws IOException;

    /**
     * Bytes the kernel has sent from the chain's start since the last call, which the caller drains
     * now; resets the count.
     *
     * @throws IOException what the kernel reported for a send, or that the channel is closed
     */
    long takeSent() throws IOException;

    /**
     * Starts a send of at most {@code max} bytes from the chain's start, which must hold nothing
     * already sent, pinning the segments it uses.
     *
     * @return true if handled: a send was started, or one is still in flight and the rest waits for
     *         it; false if the caller should write through the byte-buffer methods instead
     */
    boolean sendSegments(Chain chain, long max);
}
