package io.jevent.http;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.ManualClock;
import io.jevent.buffer.EvBuffer;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevFlush;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.PairBufferEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One server connection fed bytes in pieces, as a socket would deliver them, and checked after
 * every piece. It runs on a BufferEvent pair instead of a socket: the server's code is the same
 * (ServerConnection and its RequestDecoder), but a fuzzer gets thousands of runs a second and the
 * order of events does not depend on the kernel. Everything runs on the calling thread, which is the
 * loop's.
 *
 * <p>What must hold for any bytes: the loop settles after each piece within a bounded number of
 * iterations; no exception leaves a callback (the base rethrows them); a connection that reads on
 * holds no more unparsed input than its limits allow; no request reaches a handler twice, or after a
 * refusal was sent; the client reads zero or more {@code 200}s (and
 * {@code 100 Continue}s), then at most one refusal with {@code Connection: close}, then nothing
 * but that refusal's page, and the connection ends.
 */
final class FuzzedConnection implements AutoCloseable {
    /** The read, write and idle timeout with {@link #TIMEOUTS}. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Loop iterations between two steps of the client's (a piece, a deferred reply): a handful suffice. */
    private static final int MAX_ITERATIONS = 1_000;

    /** The choices a fuzzer makes besides the bytes, as bits. */
    static final int DEFER_REPLIES = 1;
    static final int SMALL_LIMITS = 2;
    static final int EOF_AT_END = 4;
    static final int ALL_METHODS = 8;
    static final int STREAM_REPLIES_EARLY = 16;
    static final int TIMEOUTS = 32;
    static final int REPEATS = 64;

    /** Time passes only when a fuzzer says so: timeouts fire between pieces, never by chance. */
    private final ManualClock clock = new ManualClock();
    private final EventBase base = EventBase.builder().clock(clock).rethrowCallbackErrors().build();
    private final HttpServer server = new HttpServer(base);
    private final PairBufferEvent client;
    private final PairBufferEvent serverEnd;
    private final int options;
    private final Set<HttpRequest> handled = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<HttpRequest> later = new ArrayDeque<>();
    private final ReplyStream received = new ReplyStream();
    private int replies;
    private boolean clientSawEnd;

    FuzzedConnection(int options) {
        this.options = options;
        server.setTimeout((options & TIMEOUTS) != 0 ? TIMEOUT : null);
        if ((options & SMALL_LIMITS) != 0) {
            server.setMaxRequestLineLength(16);
            server.setMaxHeadersSize(256);
            server.setMaxBodySize(8);
        }
        if ((options & ALL_METHODS) != 0) {
            server.setAllowedMethods(HttpMethod.ALL);
        }
        server.setGenericCallback(this::handle);
        server.setStreamCallback("/s", new Streaming());
        PairBufferEvent[] ends = BufferEvent.pair(base);
        serverEnd = ends[0];
        client = ends[1];
        client.setCallbacks(null, null, (b, events) -> clientSawEnd |= (events & BevEvent.EOF) != 0);
        client.enable(Ev.READ | Ev.WRITE);
        new ServerConnection(server, serverEnd, null).start();
        settle();
    }

    /** Delivers one piece, lets the server act on it, and checks what the client has read so far. */
    void deliver(byte[] piece) {
        if (client.partner() == null) {
            return;
        }
        client.write(piece);
        settle();
    }

    /** Lets time pass on the loop's clock, so that timeouts due by then fire. */
    void await(Duration time) {
        clock.advance(time);
        settle();
    }

    /** The client half-closes (the server reads EOF), as a client that sent all it had. */
    void endOfInput() {
        if (client.partner() != null) {
            client.flush(Ev.WRITE, BevFlush.FINISHED);
            settle();
        }
    }

    /** Runs the loop until nothing is active, answering deferred requests between rounds. */
    private void settle() {
        int iterations = 0;
        while (true) {
            base.loop(EventBase.LOOP_NONBLOCK);
            if (++iterations > MAX_ITERATIONS) {
                throw new AssertionError("the loop did not settle after " + MAX_ITERATIONS + " iterations");
            }
            if (base.eventCount(EventBase.COUNT_ACTIVE) > 0) {
                continue;
            }
            if (later.isEmpty()) {
                break;
            }
            reply(later.poll());
            iterations = 0;
        }
        check();
    }

    private void handle(HttpRequest req) {
        seeFirstTime(req);
        answer(req);
        if ((options & DEFER_REPLIES) == 0) {
            // Answered inside its handler: the server may now reuse this object for the
            // connection's next request, which is then a new request, not this one again.
            handled.remove(req);
        }
    }

    private void answer(HttpRequest req) {
        if ((options & DEFER_REPLIES) != 0) {
            later.add(req);
        } else {
            reply(req);
        }
    }

    private void seeFirstTime(HttpRequest req) {
        if (!handled.add(req)) {
            throw new AssertionError("a request reached a handler twice: " + req);
        }
        if (received().refused()) {
            throw new AssertionError("a request reached a handler after a refusal: " + req);
        }
        if (client.partner() == null) {
            throw new AssertionError("a request reached a handler after its connection closed: " + req);
        }
    }

    private void reply(HttpRequest req) {
        if (!req.isConnectionClosed()) {
            replies++;
            req.sendReply(200, null, null);
        }
    }

    /** What the client read: its input is drained into the parsed replies first. */
    private ReplyStream received() {
        EvBuffer in = client.input();
        if (in.length() > 0) {
            byte[] bytes = new byte[(int) in.length()];
            in.copyOut(bytes);
            in.drain(bytes.length);
            received.add(bytes);
        }
        return received;
    }

    private void check() {
        if (!serverEnd.isClosed() && (serverEnd.enabled() & Ev.READ) != 0
                && serverEnd.input().length() > unreadBound()) {
            throw new AssertionError("the server reads on while holding " + serverEnd.input().length()
                    + " bytes it has not parsed");
        }
        ReplyStream r = received();
        if (r.ok != replies) {
            throw new AssertionError(replies + " replies sent but " + r.ok + " arrived: " + r.statuses);
        }
        if (r.refused()) {
            if (!r.refusalCloses) {
                throw new AssertionError("a refusal without Connection: close: " + r.statuses);
            }
            if (r.trailing() != 0 && r.trailing() != r.refusalLength) {
                throw new AssertionError(r.trailing() + " bytes after a refusal whose page has " + r.refusalLength);
            }
            if (!clientSawEnd) {
                throw new AssertionError("the connection stayed open after a refusal: " + r.statuses);
            }
        } else if (r.trailing() != 0) {
            throw new AssertionError(r.trailing() + " bytes of a reply that never completed");
        }
    }

    /**
     * The most input a reading connection may hold unparsed: a head is refused or parsed within
     * what RequestDecoder pulls up, and a chunk size line within 4 KiB; more means that it waits
     * for bytes it will never look at, while its input grows.
     */
    private long unreadBound() {
        return Math.max(server.maxHeadersSize + server.maxRequestLine + 4L, 4097);
    }

    /** The statuses of the final replies the client has read so far, in order. */
    List<Integer> finalStatuses() {
        List<Integer> statuses = new ArrayList<>(received().statuses);
        statuses.removeIf(status -> status == 100);
        return statuses;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        base.close();
    }

    /** The streaming route: sees each request's head once, drains its body, replies at the end. */
    private final class Streaming implements HttpStreamHandler {
        private final Set<HttpRequest> ended = Collections.newSetFromMap(new IdentityHashMap<>());

        @Override
        public void onHeaders(HttpRequest req) {
            seeFirstTime(req);
            if ((options & STREAM_REPLIES_EARLY) != 0) {
                reply(req);
            }
        }

        @Override
        public void onBody(HttpRequest req, EvBuffer body) {
            if (!handled.contains(req) || ended.contains(req)) {
                throw new AssertionError("body for a request outside onHeaders..onEnd: " + req);
            }
            body.drain(body.length());
        }

        @Override
        public void onEnd(HttpRequest req) {
            if (!handled.contains(req) || !ended.add(req)) {
                throw new AssertionError("onEnd without onHeaders, or twice: " + req);
            }
            if ((options & STREAM_REPLIES_EARLY) == 0) {
                answer(req);
            }
        }
    }
}
