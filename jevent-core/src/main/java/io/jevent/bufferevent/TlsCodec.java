package io.jevent.bufferevent;

import io.jevent.buffer.EvBuffer;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The byte work of a {@link TlsBufferEvent}: one {@link SSLEngine} call at a time between
 * {@link EvBuffer}s, with buffers made once and reused, so that a connection in steady state
 * allocates nothing here (the engine's own result objects aside).
 *
 * <p><b>Unwrapping</b> copies one record of ciphertext (its header gives the length) into
 * {@link #netIn} and unwraps it from there: {@code SSLEngine.unwrap} takes one source buffer, so
 * a record spanning segments would need a copy anyway, and the JDK's engine decrypts in place,
 * which a segment that another buffer may share must not see. The plaintext lands in {@link #plain},
 * which is handed on as far as the reader's high watermark allows: what does not fit waits there,
 * and nothing is unwrapped until it is gone, so no byte is lost or delivered twice.
 *
 * <p><b>Wrapping</b> reads plaintext straight from the segments of the source (a gathering
 * {@code wrap} over read-only views) and copies the record from {@link #netOut} into the
 * destination, whose pooled segments take it.
 *
 * <p>BUFFER_OVERFLOW and BUFFER_UNDERFLOW with room too small (the session's sizes can grow once
 * the handshake has chosen them) grow the buffer and retry the same call, which consumed nothing.
 * Guarded by the BufferEvent.
 */
final class TlsCodec {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    /** A TLS record's header: type, version, length. */
    private static final int HEADER = 5;
    /** Past this, a record that still does not fit is not TLS: the engine would have refused it. */
    private static final int MAX_RECORD_BUFFER = 1 << 20;

    private final SSLEngine engine;
    /** Plaintext unwrapped and not yet delivered, in read mode (position to limit). */
    private ByteBuffer plain;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private final ByteBuffer[] views = new ByteBuffer[16];
    private final byte[] header = new byte[HEADER];

    TlsCodec(SSLEngine engine) {
        this.engine = engine;
        int app = engine.getSession().getApplicationBufferSize();
        int packet = engine.getSession().getPacketBufferSize();
        this.plain = ByteBuffer.allocate(app).flip();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
    }

    /** How many unwrapped bytes wait to be delivered. */
    int pending() {
        return plain.remaining();
    }

    /** Moves up to {@code n} waiting plaintext bytes to the end of {@code dst}. */
    void deliver(EvBuffer dst, int n) {
        int limit = plain.limit();
        plain.limit(plain.position() + Math.min(n, plain.remaining()));
        try {
            dst.add(plain);
        } finally {
            plain.limit(limit);
        }
    }

    /**
     * Unwraps what the engine takes from the start of {@code src} (one record, or nothing if no
     * whole record is there yet) and drains it from {@code src}. Call only with nothing
     * {@linkplain #pending() pending}.
     *
     * @return the engine's result: {@code BUFFER_UNDERFLOW} when {@code src} holds no whole record
     */
    SSLEngineResult unwrap(EvBuffer src) throws SSLException {
        while (true) {
            plain.clear();
            SSLEngineResult r;
            try {
                long available = src.length();
                int take = (int) Math.min(Math.min(available, recordLength(src)), netIn.capacity());
                netIn.clear().limit(take);
                src.copyOut(netIn);
                netIn.flip();
                r = engine.unwrap(netIn, plain);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && take == netIn.capacity()
                        && available > take) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    continue;
                }
            } finally {
                plain.flip();
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                plain = grow(plain, engine.getSession().getApplicationBufferSize()).flip();
                continue;
            }
            if (r.bytesConsumed() > 0) {
                src.drain(r.bytesConsumed());
            }
            return r;
        }
    }

    /**
     * The length of the record at the start of {@code src}, from its header, so that no more than
     * that is copied: the engine takes one record per call. Anything but a TLS header is the
     * engine's to refuse, so an unknown length is "all of it".
     */
    private long recordLength(EvBuffer src) {
        if (src.copyOut(header) < HEADER) {
            return Long.MAX_VALUE;
        }
        return HEADER + (((header[3] & 0xff) << 8) | (header[4] & 0xff));
    }

    /**
     * Wraps one record of what {@code src} holds (null or empty: handshake or closing messages
     * only) and appends it to {@code dst}. The caller drains {@code bytesConsumed()} from
     * {@code src}, whose start it holds.
     *
     * @return the engine's result
     */
    SSLEngineResult wrap(EvBuffer src, EvBuffer dst) throws SSLException {
        while (true) {
            netOut.clear();
            SSLEngineResult r;
            if (src == null || src.length() == 0) {
                r = engine.wrap(NOTHING, netOut);
            } else {
                int n = Math.min(src.peek(-1, views), views.length);
                try {
                    r = engine.wrap(views, 0, n, netOut);
                } finally {
                    java.util.Arrays.fill(views, 0, n, null);
                }
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                dst.add(netOut);
            }
            return r;
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int sessionSize) throws SSLException {
        int size = Math.max(sessionSize, b.capacity() * 2);
        if (b.capacity() >= MAX_RECORD_BUFFER) {
            throw new SSLException("a TLS record does not fit in " + b.capacity() + " bytes: the peer does not"
                    + " speak TLS, or the engine's session sizes are wrong");
        }
        return ByteBuffer.allocate(size);
    }
}
