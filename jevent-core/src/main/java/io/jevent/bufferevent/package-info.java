/**
 * Buffered events: libevent's {@code event2/bufferevent.h}.
 *
 * <p>A {@link io.jevent.bufferevent.BufferEvent} joins a channel with an input and an output
 * {@link io.jevent.buffer.EvBuffer}: it reads into the input and calls the read callback, writes out
 * whatever is added to the output, and reports end of stream, errors, timeouts and connects to the
 * event callback.
 *
 * <pre>{@code
 * SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
 * bev.setCallbacks(
 *         b -> {
 *             // Take every complete line: one read may bring half a line or many. A partial
 *             // line stays in the input, and the next read appends the rest.
 *             String line;
 *             while ((line = b.input().readLine(EolStyle.LF, StandardCharsets.UTF_8)) != null) {
 *                 System.out.println(line);
 *             }
 *         },
 *         null,
 *         (b, events) -> {
 *             if ((events & BevEvent.CONNECTED) != 0) {
 *                 b.write("hello\n".getBytes(StandardCharsets.UTF_8));
 *             } else if ((events & (BevEvent.EOF | BevEvent.ERROR)) != 0) {
 *                 b.close();
 *             }
 *         });
 * bev.enable(Ev.READ | Ev.WRITE);   // reading starts disabled, as in libevent
 * bev.connect(new InetSocketAddress("127.0.0.1", 9876), Duration.ofSeconds(5));
 * }</pre>
 *
 * <p><b>Defaults to know:</b> reading starts disabled (with debug logging on, a BufferEvent whose
 * reading was never enabled logs one line naming {@code enable(Ev.READ)} when input waits), and
 * {@code close()} closes the channel only with {@link io.jevent.bufferevent.BevOption#CLOSE_ON_FREE}.
 * A connect that does not finish within its timeout reaches the event callback as
 * {@code WRITING|TIMEOUT}, with a {@link java.net.SocketTimeoutException} in {@code lastError()}.
 *
 * <p><b>Reading:</b> while {@link io.jevent.Ev#READ} is enabled, data is read into the input; the
 * read callback runs when the input holds at least the read low watermark (default 0: any data).
 * Reading pauses while the input holds the read high watermark or more (default 0: no limit), which
 * bounds the memory of a connection whose reader is slow, and resumes by itself once the user
 * drains the input below it. <b>Writing:</b> data added to the output is written as soon as
 * possible, in the same loop iteration; the write callback runs when the output has drained to the
 * write low watermark or less (default 0: everything was sent).
 *
 * <p><b>Events:</b> end of stream, errors and timeouts disable the direction they happened in and
 * reach the event callback with {@link io.jevent.bufferevent.BevEvent}'s bits: {@code READING|EOF},
 * {@code READING|ERROR}, {@code WRITING|ERROR}, {@code READING|TIMEOUT}, {@code WRITING|TIMEOUT},
 * {@code CONNECTED}, or {@code ERROR} for a failed connect; {@code lastError()} holds the cause of an
 * ERROR. A callback that throws leaves the BufferEvent as the callback left it: the loop logs the
 * exception and goes on (see {@link io.jevent.EventBase#dispatch()}). Bytes accepted for writing are either written or followed by an ERROR event, unless the
 * user closes the BufferEvent first ({@code closeAfterFlush()} avoids that).
 *
 * <p><b>Kinds:</b> a {@link io.jevent.bufferevent.SocketBufferEvent} ({@code BufferEvent.socket})
 * reads and writes a socket channel; the two ends of a
 * {@link io.jevent.bufferevent.PairBufferEvent} ({@code BufferEvent.pair}) pass data to each other
 * without a channel; a {@link io.jevent.bufferevent.FilterBufferEvent} ({@code BufferEvent.filter})
 * transforms what another BufferEvent reads and writes with a
 * {@link io.jevent.bufferevent.BevFilter}; a {@link io.jevent.bufferevent.TlsBufferEvent}
 * ({@code BufferEvent.tlsSocket}, {@code BufferEvent.tlsFilter}) speaks TLS over a socket or
 * another BufferEvent. All behave alike where the contract above is concerned: callbacks,
 * watermarks, events, timeouts, {@code closeAfterFlush()}, deferred callbacks and threads.
 *
 * <p><b>TLS</b> (libevent's {@code bufferevent_ssl.h}) runs over the JDK's
 * {@link javax.net.ssl.SSLEngine}, in place of OpenSSL: make the engine from an
 * {@link javax.net.ssl.SSLContext} ({@code createSSLEngine(host, port)} on a client, so that SNI
 * and the host name check know the server), configure it (protocols, ALPN, client
 * authentication), then hand it over with a {@link io.jevent.bufferevent.TlsState}:
 *
 * <pre>{@code
 * TlsBufferEvent bev = BufferEvent.tlsSocket(base, null, ctx.createSSLEngine("example.org", 443),
 *         TlsState.CONNECTING, BevOption.CLOSE_ON_FREE);
 * bev.setCallbacks(readCb, null, eventCb);   // CONNECTED comes when the handshake is done
 * bev.enable(Ev.READ | Ev.WRITE);
 * bev.connectHostname("example.org", 443, Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>The user reads and writes plaintext; watermarks and callbacks are those of the plaintext
 * side. A failed handshake or a bad certificate is {@code READING|WRITING|ERROR} with the
 * {@link javax.net.ssl.SSLException} in {@code lastError()} and {@code tlsErrors()}; the peer's
 * {@code close_notify} is {@code READING|EOF}, and a peer that closes without it is
 * {@code READING|ERROR} unless {@code allowDirtyShutdown(true)}. {@code close()} and
 * {@code closeAfterFlush()} send {@code close_notify}. The engine's delegated tasks run on the loop
 * thread unless {@code setDelegatedTaskExecutor} moves them. TLS 1.3 has no renegotiation (its key
 * updates pass inside the engine); TLS 1.2 renegotiates only when a side asks and the JDK allows
 * it. See {@link io.jevent.bufferevent.TlsBufferEvent}.
 *
 * <p><b>Rate limits:</b> a {@link io.jevent.bufferevent.RateLimit} (libevent's token bucket
 * configuration) set with {@code setRateLimit} caps one socket BufferEvent (or the socket below a
 * TLS socket, in ciphertext bytes); a
 * {@link io.jevent.bufferevent.RateLimitGroup} caps many together. A direction whose bucket is
 * empty pauses until the next tick refills it.
 *
 * <p><b>Buffers:</b> the BufferEvent alone adds to its input and removes from its output: the end
 * of the input and the start of the output are frozen for everyone else (libevent freezes them the
 * same way), and an attempt to change them throws with a message naming the BufferEvent. Its
 * {@code reuse} empties both for a new connection.
 */
package io.jevent.bufferevent;
