package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.buffer.EolStyle;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The async I/O introduction's last ROT13 server, on BufferEvents: the read callback answers each line taken with
 * {@link EvBuffer#readLine(EolStyle)}, and the read high watermark of {@link Rot13#MAX_LINE} bounds
 * what a connection buffers. A line longer than that is answered in pieces ({@link Rot13} has the
 * rule the four ROT13 servers share).
 *
 * <p>The seed's server answers whatever it reads, so a client that sends without reading makes the
 * answers pile up in memory. Here the read callback stops answering while {@code MAX_LINE} bytes of
 * answers wait to be sent; the unread input then reaches the high watermark and the BufferEvent stops
 * reading by itself; the write callback answers again once the client has caught up. A connection
 * therefore holds at most {@code MAX_LINE} bytes of input and {@code 2 * MAX_LINE} of output
 * while it reads.
 */
final class Rot13Example extends Example {
    static final int PORT = 40713;
    private static final byte[] NEWLINE = {'\n'};

    Rot13Example() {
        super("rot13 " + Lifetime.SERVER_USAGE,
                "the async I/O introduction's ROT13 line server: BufferEvent + readLine + 16 KiB read high"
                + " watermark (port "
                + PORT + ")",
                Lifetime.SERVER_OPTIONS);
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) throws IOException {
        return Lifetime.serve(name(), args, out, err, PORT, (base, listen) -> listen(base, listen, err));
    }

    /** Starts a ROT13 server on {@code base}; {@code demo} runs one too. */
    static BufferEventServer listen(EventBase base, Listen listen, PrintStream err) {
        return new BufferEventServer(base, listen, "rot13", err, new BufferEventServer.Protocol() {
            @Override
            public void accepted(BufferEvent bev) {
                bev.setWatermark(Ev.READ, 0, Rot13.MAX_LINE);
            }

            @Override
            public void readable(BufferEvent bev) {
                answer(bev, false);
            }

            @Override
            public void drained(BufferEvent bev) {
                answer(bev, false);
            }

            @Override
            public void ended(BufferEvent bev) {
                answer(bev, true);
            }
        });
    }

    /**
     * Answers the lines in the input while the client keeps up with reading the answers, or all of
     * them, and the unterminated rest, once the client has {@code ended} its side.
     */
    private static void answer(BufferEvent bev, boolean ended) {
        EvBuffer input = bev.input();
        EvBuffer output = bev.output();
        while (ended || output.length() < Rot13.MAX_LINE) {
            byte[] line = input.readLine(EolStyle.LF);
            if (line != null) {
                output.add(Rot13.rotate(line)).add(NEWLINE);
            } else if (input.length() >= Rot13.MAX_LINE) {
                // No newline within the watermark, and reading has stopped: answer this piece as a line.
                output.add(Rot13.rotate(remove(input, Rot13.MAX_LINE))).add(NEWLINE);
            } else {
                if (ended && input.length() > 0) {
                    output.add(Rot13.rotate(remove(input, input.length())));
                }
                return;
            }
        }
    }

    private static byte[] remove(EvBuffer input, long n) {
        byte[] bytes = new byte[(int) n];
        input.remove(bytes);
        return bytes;
    }
}
