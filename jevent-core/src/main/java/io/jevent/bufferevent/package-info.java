/**
 * Buffered events: libevent's {@code event2/bufferevent.h}.
 *
 * <p>A {@link io.jevent.bufferevent.BufferEvent} joins a channel with an input and an output
 * {@link io.jevent.buffer.EvBuffer}: it reads into the input and calls the read callback, writes out
 * whatever is added to the output, and reports end of stream, errors, timeouts and connects to the
 * event callback. The read high watermark bounds memory per connection: reading pauses while that
 * much input waits to be consumed.
 *
 * <pre>{@code
 * SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
 * bev.setCallbacks(
 *         b -> System.out.print(b.input().readLine(EolStyle.LF, StandardCharsets.UTF_8)),
 *         null,
 *         (b, events) -> {
 *             if ((events & BufferEvent.CONNECTED) != 0) {
 *                 b.write("hello\n".getBytes(StandardCharsets.UTF_8));
 *             } else if ((events & (BufferEvent.EOF | BufferEvent.ERROR)) != 0) {
 *                 b.close();
 *             }
 *         });
 * bev.enable(Ev.READ | Ev.WRITE);
 * bev.connect(new InetSocketAddress("127.0.0.1", 9876));
 * }</pre>
 */
package io.jevent.bufferevent;
