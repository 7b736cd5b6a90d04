package io.jevent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.SocketPair;
import io.jevent.bufferevent.BevFlush;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * libevent 2.1's {@code bufferevent_flush(EV_WRITE)} on a socket bufferevent, replayed: libevent's
 * socket flush does nothing and returns 0 in every mode, so the 100 queued bytes wait for the loop,
 * and BEV_FINISHED never reaches the peer; the peer sees EOF only when the bufferevent is freed.
 * jevent's flush writes what the channel takes at once and returns true if it wrote, and FINISHED
 * then shuts the output down, so the peer has the bytes right after the first flush and EOF right
 * after reading them. Either way the write callback runs once for the one drain: a flush or a loop
 * iteration that writes nothing does not run it.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BufferEventFlushSocketReplayTest {
    private static final Trace TRACE = Trace.load("bufferevent_flush_socket");
    private static final String FLUSH_WRITES = "flush on a socket BufferEvent writes at once and FINISHED shuts the"
            + " output down; libevent's socket flush does nothing";

    /**
     * The far end, probed as the C program's {@code recv(MSG_PEEK | MSG_DONTWAIT)} does. Java cannot
     * peek, so what a probe reads is held here and still counts as unread until {@link #recv} takes
     * it.
     */
    private static final class Peer {
        private final SocketChannel ch;
        private final StringBuilder held = new StringBuilder();
        private boolean eof;

        Peer(SocketChannel ch) {
            this.ch = ch;
        }

        /** "&lt;n&gt; bytes", "EOF" or "nothing", without consuming anything. */
        String sees() throws IOException {
            pull();
            return held.length() > 0 ? held.length() + " bytes" : eof ? "EOF" : "nothing";
        }

        /** The C program's {@code recv(..., MSG_DONTWAIT)}: what is there, up to max; -1 if nothing. */
        int recv(int max) throws IOException {
            pull();
            int n = Math.min(max, held.length());
            held.delete(0, n);
            return n > 0 ? n : eof ? 0 : -1;
        }

        private void pull() throws IOException {
            if (eof) {
                return;
            }
            String s = SocketPair.readAvailable(ch);
            if (s == null) {
                eof = true;
            } else {
                held.append(s);
            }
        }
    }

    @Test
    void flushWritesAtOnceAndFinishedShutsTheOutputDown() throws IOException {
        try (SocketPair pair = SocketPair.open(); EventBase base = new EventBase()) {
            BufferEvent bev = BufferEvent.socket(base, pair.left, BevOption.CLOSE_ON_FREE);
            int[] writeCalls = new int[1];
            bev.setCallbacks(null, b -> writeCalls[0]++, null);
            Peer peer = new Peer(pair.right);
            byte[] data = new byte[100];
            Arrays.fill(data, (byte) 'x');

            bev.write(data);
            // jevent's write() returns nothing: libevent's 0 is "it did not throw".
            TRACE.same("write-return", "0 output-length=" + bev.output().length() + " peer-sees=" + peer.sees());

            differs("flush-normal-return", flush(bev, BevFlush.NORMAL, peer),
                    "1 output-length=0 peer-sees=100 bytes", "0 output-length=100 peer-sees=nothing", FLUSH_WRITES);
            differs("flush-flush-return", flush(bev, BevFlush.FLUSH, peer),
                    "0 output-length=0 peer-sees=100 bytes", "0 output-length=100 peer-sees=nothing", FLUSH_WRITES);
            differs("flush-finished-return", flush(bev, BevFlush.FINISHED, peer),
                    "0 output-length=0 peer-sees=100 bytes", "0 output-length=100 peer-sees=nothing", FLUSH_WRITES);

            // One write callback for one drain, whether it happened in flush() or in the loop.
            int r = base.loop(EventBase.LOOP_ONCE).code();
            TRACE.same("after-loop-once", "loop-return=" + r + " output-length=" + bev.output().length()
                    + " write-calls=" + writeCalls[0] + " peer-sees=" + peer.sees());

            TRACE.same("peer-read", peer.recv(100));
            differs("peer-after-read-sees", peer.sees(), "EOF", "nothing", FLUSH_WRITES);
            r = base.loop(EventBase.LOOP_NONBLOCK).code();
            differs("after-second-loop", "loop-return=" + r + " write-calls=" + writeCalls[0] + " peer-sees=" + peer.sees(),
                    "loop-return=1 write-calls=1 peer-sees=EOF", "loop-return=1 write-calls=1 peer-sees=nothing",
                    FLUSH_WRITES);

            bev.close();
            base.loop(EventBase.LOOP_NONBLOCK);
            TRACE.same("after-free", "peer-sees=" + peer.sees());
        }
    }

    /** A difference, with jevent's value pinned too: it is as deterministic as libevent's. */
    private static void differs(String key, String jevent, String jeventValue, String libeventValue, String reason) {
        assertThat(jevent).as("bufferevent_flush_socket: jevent's " + key).isEqualTo(jeventValue);
        TRACE.differs(key, jevent, libeventValue, reason);
    }

    /** One flush, shown as the C program shows it: libevent's int return is 1 where jevent wrote. */
    private static String flush(BufferEvent bev, BevFlush mode, Peer peer) throws IOException {
        boolean wrote = bev.flush(Ev.WRITE, mode);
        return (wrote ? 1 : 0) + " output-length=" + bev.output().length() + " peer-sees=" + peer.sees();
    }

    @AfterAll
    static void everyObservationWasReplayed() {
        TRACE.allReplayed();
    }
}
