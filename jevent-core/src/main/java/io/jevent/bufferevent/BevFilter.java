package io.jevent.bufferevent;

import io.jevent.buffer.EvBuffer;
import java.io.IOException;

/**
 * Transforms bytes on their way through a {@link FilterBufferEvent}: libevent's
 * {@code bufferevent_filter_cb}. The filter removes what it consumes from {@code src} and adds what
 * it produces to {@code dst}; whatever it leaves in {@code src} is offered again, with more, next
 * time. Runs on the loop thread (or the thread of a call that writes or flushes), under the
 * filter's lock when it has one; it must not block.
 *
 * <pre>{@code
 * // Upper-cases what is written, one byte at a time.
 * BevFilter upper = (src, dst, limit, mode) -> {
 *     byte[] all = new byte[(int) src.length()];
 *     src.remove(all);
 *     for (int i = 0; i < all.length; i++) {
 *         all[i] = (byte) Character.toUpperCase(all[i]);
 *     }
 *     dst.add(all);
 *     return BevFilterResult.OK;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface BevFilter {
    /**
     * Filters what {@code src} holds into {@code dst}.
     *
     * @param src   the bytes to filter: the underlying's input when reading, the filter's output
     *              when writing
     * @param dst   where the filtered bytes go: the filter's input when reading, the underlying's
     *              output when writing
     * @param limit how many bytes {@code dst} should take at most, to respect a high watermark; -1
     *              for no limit. A guide, as in libevent: a filter may go past it
     * @param mode  {@link BevFlush#NORMAL} in ordinary operation; {@link BevFlush#FLUSH} when the user
     *              flushes (produce everything you can now); {@link BevFlush#FINISHED} when no more
     *              input will come (finish the stream: the last block of a compressor, say)
     * @return {@link BevFilterResult#OK} if it produced something or had nothing to do,
     *         {@link BevFilterResult#NEED_MORE} if it needs more input first,
     *         {@link BevFilterResult#ERROR} if the data cannot be filtered
     * @throws IOException to report an error with its cause, which {@link BufferEvent#lastError()}
     *                     then holds (as ERROR does, with a generic cause)
     */
    BevFilterResult filter(EvBuffer src, EvBuffer dst, long limit, BevFlush mode) throws IOException;
}
