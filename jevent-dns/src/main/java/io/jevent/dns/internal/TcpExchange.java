package io.jevent.dns.internal;

import io.jevent.Ev;
import io.jevent.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A query asked again over TCP after a truncated UDP answer (RFC 7766): connect, send the
 * message behind its two-byte length, read one answer the same way, close. Everything happens in
 * loop events; the query's timer bounds it.
 */
final class TcpExchange {
    private final ResolverEngine engine;
    private final Query query;
    private final SocketChannel channel;
    private final ByteBuffer out;
    private ByteBuffer in = ByteBuffer.allocate(2);
    private boolean readingBody;
    private Event event;

    TcpExchange(ResolverEngine engine, Query query) throws IOException {
        this.engine = engine;
        this.query = query;
        out = ByteBuffer.allocate(2 + query.packet.length);
        out.putShort((short) query.packet.length).put(query.packet).flip();
        channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            boolean connected = channel.connect(query.server.address);
            event = engine.base.newEvent(channel, (connected ? Ev.READ | Ev.WRITE : Ev.WRITE) | Ev.PERSIST,
                    (ev, what) -> ready(what));
            event.add();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void ready(int what) {
        try {
            if (channel.isConnectionPending()) {
                if (!channel.finishConnect()) {
                    return;
                }
            }
            if (out.hasRemaining()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    event.close();
                    event = engine.base.newEvent(channel, Ev.READ | Ev.PERSIST, (ev, w) -> ready(w));
                    event.add();
                }
                return;
            }
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("the server closed the TCP connection before answering");
            }
            if (in.hasRemaining()) {
                return;
            }
            if (!readingBody) {
                int length = in.getShort(0) & 0xFFFF;
                in = ByteBuffer.allocate(length);
                readingBody = true;
                if (length > 0) {
                    return;
                }
            }
            close();
            engine.tcpAnswer(query, in.array(), in.limit());
        } catch (IOException e) {
            close();
            engine.tcpFailed(query);
        }
    }

    void close() {
        if (event != null) {
            event.close();
            event = null;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to send.
        }
    }
}
