package io.jevent.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The libevent 1.4 article's echo server, written as it is there with raw events and {@code EV_PERSIST} (see
 * {@link EventServer}), but without its leaks and its lost data: each connection owns one buffer,
 * allocated once, and its events and channel are freed when it ends; an echo the client does not take
 * at once waits for a WRITE event, and the server reads nothing more from that client meanwhile.
 */
final class EchoEventsExample extends Example {
    /** The libevent 1.4 article's port. */
    static final int PORT = 25341;

    EchoEventsExample() {
        super("echo-events " + Lifetime.SERVER_USAGE,
                "the libevent 1.4 article's echo server on raw Events with Ev.PERSIST, without its leaks (port "
                + PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        return Lifetime.serve(name(), args, out, err, PORT,
                (base, listen) -> new EventServer(base, listen, name(), err, Echo::new));
    }

    /** One client: read what it sent, write it back, and only then read again. */
    private static final class Echo implements Session {
        private final SocketChannel channel;
        /** Empty and ready to fill while reading; holds the echo while writing. */
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
        private boolean writing;

        Echo(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int advance() throws IOException {
            if (!writing) {
                int n = channel.read(buffer);
                if (n < 0) {
                    return DONE;   // nothing is left to send: the server reads only when all was sent
                }
                if (n == 0) {
                    return SelectionKey.OP_READ;
                }
                buffer.flip();
                writing = true;
            }
            channel.write(buffer);
            if (buffer.hasRemaining()) {
                return SelectionKey.OP_WRITE;
            }
            buffer.clear();
            writing = false;
            return SelectionKey.OP_READ;
        }
    }
}
