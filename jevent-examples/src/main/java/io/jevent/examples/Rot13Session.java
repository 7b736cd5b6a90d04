package io.jevent.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of a ROT13 server that buffers by hand ({@code rot13-events}, {@code rot13-selector}):
 * read what arrives, assemble lines by {@link Rot13}'s rule, and write each answer before looking at
 * more input. So a connection holds one read buffer and one line, at most {@link Rot13#MAX_LINE}
 * bytes of it, and a client that does not read its answers stops the server from reading its
 * questions.
 */
final class Rot13Session implements Session {
    private static final int READ_SIZE = 4096;

    private final SocketChannel channel;
    /** What was read and not yet looked at. */
    private final ByteBuffer received = ByteBuffer.allocate(READ_SIZE).flip();
    private final Rot13.Line line = new Rot13.Line();
    /** A complete answer being written, or null. */
    private ByteBuffer answer;
    private boolean ended;

    Rot13Session(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int advance() throws IOException {
        boolean readOnce = false;
        while (true) {
            if (answer != null) {
                channel.write(answer);
                if (answer.hasRemaining()) {
                    return SelectionKey.OP_WRITE;
                }
                answer = null;
                line.sent();
            }
            if (!received.hasRemaining()) {
                if (ended) {
                    return DONE;
                }
                if (readOnce) {
                    return SelectionKey.OP_READ;
                }
                readOnce = true;
                int n = channel.read(received.clear());
                received.flip();
                if (n < 0) {
                    ended = true;
                    answer = line.rest();
                    continue;
                }
            }
            answer = line.take(received);
        }
    }
}
