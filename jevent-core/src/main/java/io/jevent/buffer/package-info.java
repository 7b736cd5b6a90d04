/**
 * Buffers for network I/O: libevent's {@code event2/buffer.h}.
 *
 * <p>An {@link io.jevent.buffer.EvBuffer} is a queue of bytes. Bytes are added at the end and
 * removed from the start; in between they sit in a chain of segments, so that growing the queue
 * never moves what is already there and moving bytes from one buffer to another relinks segments
 * instead of copying them. Most programs meet EvBuffers as the input and output of a BufferEvent;
 * they are just as useful on their own, for assembling a message or parsing a stream.
 *
 * <p>Segments are 8 KiB slices of direct memory from a pool shared by the whole process, so a
 * socket read or write goes straight between the kernel and the segment, and a buffer that is
 * emptied gives its memory back at once. A segment can also be a {@link java.nio.ByteBuffer} of
 * yours, added by reference ({@link io.jevent.buffer.EvBuffer#addReference addReference}), or a
 * range of a file that is sent with {@code sendfile} and never read into memory
 * ({@link io.jevent.buffer.EvBuffer#addFile addFile}).
 *
 * <p>Guidelines, as in libevent:
 * <ul>
 * <li>Move rather than copy: {@code addBuffer}, {@code removeBuffer} and the
 *     {@code readLine(style, dst)} form move bytes between buffers without copying them.</li>
 * <li>To avoid copying in and out altogether, write into {@code reserve}d space and
 *     {@code commit} it, and read through {@code peek} views.</li>
 * <li>{@code pullup} makes bytes contiguous, copying only when they span segments;
 *     {@code contiguousSpace} says how many it can return without copying.</li>
 * <li>Close a buffer when done: that returns its memory to the pool and runs the cleanups of
 *     referenced memory.</li>
 * </ul>
 *
 * <p>A line-based echo of what a client sends, with the buffers a program would keep per connection:
 * <pre>{@code
 * EvBuffer in = new EvBuffer();
 * EvBuffer out = new EvBuffer();
 *
 * // when the channel is readable:
 * boolean ended = in.read(channel, -1) < 0;
 * String line;   // every complete line; a partial one stays in `in` until the rest arrives
 * while ((line = in.readLine(EolStyle.CRLF, StandardCharsets.UTF_8)) != null) {
 *     out.add("you said: ", StandardCharsets.UTF_8).add(line, StandardCharsets.UTF_8).add(CRLF);
 * }
 * out.write(channel);   // one gathering write; whatever does not fit stays queued
 * if (ended) {
 *     closeConnection();   // once out is empty; a last line without its CRLF is never answered
 * }
 *
 * // when the connection ends:
 * in.close();
 * out.close();
 * }</pre>
 *
 * <p><b>Errors.</b> Where jevent differs from libevent, it is to turn a silent failure into an
 * exception. Where libevent returns -1 for misuse, jevent throws: a null, a negative count or a
 * pointer of another buffer gives {@link java.lang.IllegalArgumentException} (or the JDK's usual
 * exception for arrays) naming the value, and an operation on a frozen end gives
 * {@link java.lang.IllegalStateException} naming the end and what to do instead. As in libevent,
 * an operation with nothing to do (draining an empty buffer, moving from an empty one, prepending
 * nothing) is not refused because an end is frozen. I/O errors are
 * {@link java.io.IOException}s. The porting guide lists every function.
 *
 * <p><b>Moving bytes.</b> {@code addBuffer}, {@code prependBuffer} and {@code removeBuffer} relink
 * whole segments; of a segment cut in two, the smaller side is copied when it is under 1 KiB, else
 * both sides share its memory, read-only from then on. A few bytes moved into a buffer whose last
 * segment has room are copied there, so that a stream of small messages shares a few segments.
 */
package io.jevent.buffer;
