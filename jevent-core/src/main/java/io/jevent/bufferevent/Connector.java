package io.jevent.bufferevent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Carries out a {@link ConnectRequest} for a {@link SocketBufferEvent}: libevent's
 * {@code bufferevent_socket_connect_hostname} machinery. It looks a name up through the request's
 * resolver while the loop runs on, connects to the addresses in turn until one connects, and
 * bounds it all with the request's timeout. The BufferEvent opens the channel and finishes the
 * connect; a TLS socket sends its requests here through its socket.
 *
 * <p>A lookup's answer comes back through the loop and is dropped if the attempt it belongs to
 * ended meanwhile (a timeout, {@code reuse}, {@code close}): every attempt has a generation
 * number, and the answer must carry the current one. A lookup keeps the loop running until it
 * answers or its attempt ends, whichever comes first, so that a resolver that never answers
 * cannot hold a loop whose user has been told the attempt timed out. Guarded by the BufferEvent.
 */
final class Connector {
    private final SocketBufferEvent bev;
    private final ConnectTimer timer;
    /** Bumped by every attempt and every end of one, so that a late answer for an old one is ignored. */
    private int generation;
    /** Set while a name lookup is under way. */
    private boolean lookingUp;
    /** Set while a lookup keeps the loop running (one virtual event). */
    private boolean holdingLoop;
    /** The addresses of the lookup not tried yet, for the next one when a connect fails. */
    private ArrayDeque<InetSocketAddress> untried;
    private int dnsError;

    Connector(SocketBufferEvent bev) {
        this.bev = bev;
        this.timer = new ConnectTimer(bev, this::timedOut);
    }

    /** Starts {@code request}; the BufferEvent checked that it may connect. */
    void start(ConnectRequest request) {
        generation++;
        untried = null;
        if (!request.isLookup()) {
            bev.startConnect(request.address);
            if (bev.connecting) {
                timer.start(request);
            }
            return;
        }
        int attempt = generation;
        bev.connecting = true;
        lookingUp = true;
        dnsError = 0;
        timer.start(request);
        bev.flow.suspendRead(Flow.SUSPEND_LOOKUP);
        bev.flow.suspendWrite(Flow.SUSPEND_LOOKUP);
        bev.loop.addVirtual(1);
        holdingLoop = true;
        request.resolver.resolve(request.host, request.family, (addresses, error, failure) ->
                bev.base.execute(() -> resolved(attempt, request, addresses, error, failure)));
    }

    private void resolved(int attempt, ConnectRequest request, List<InetAddress> addresses, int error,
            IOException failure) {
        Guard.enter(bev);
        try {
            if (bev.closed || attempt != generation) {
                // The attempt ended without it, and let the loop go then.
                return;
            }
            bev.connecting = false;
            endLookup();
            if (failure != null || addresses == null || addresses.isEmpty()) {
                dnsError = error;
                bev.lastError = failure != null ? failure : new UnknownHostException(request.host + ": no address");
                timer.cancel();
                bev.callbacks.runEvent(BevEvent.ERROR, false);
                return;
            }
            untried = new ArrayDeque<>(addresses.size());
            for (InetAddress a : addresses) {
                untried.add(new InetSocketAddress(a, request.port));
            }
            bev.startConnect(untried.poll());
        } finally {
            Guard.exit(bev);
        }
    }

    private void endLookup() {
        lookingUp = false;
        releaseLoop();
        bev.flow.unsuspendRead(Flow.SUSPEND_LOOKUP);
        bev.flow.unsuspendWrite(Flow.SUSPEND_LOOKUP);
    }

    private void releaseLoop() {
        if (holdingLoop) {
            holdingLoop = false;
            bev.loop.addVirtual(-1);
        }
    }

    /**
     * A connect failed: starts one to the next address of the lookup and answers true, or, with
     * none left, ends the attempt and answers false, for the BufferEvent to report the failure.
     */
    boolean tryNext() {
        if (untried == null || untried.isEmpty()) {
            untried = null;
            timer.cancel();
            return false;
        }
        bev.connectAgain(untried.poll());
        return true;
    }

    /** The connect finished, or the write timeout ended it: nothing more to time or try. */
    void ended() {
        timer.cancel();
        untried = null;
    }

    /** The connect timeout passed: the attempt is abandoned, as a failed connect ends. Loop thread. */
    private void timedOut() {
        Guard.enter(bev);
        try {
            if (bev.closed || !bev.connecting || !timer.isRunning()) {
                return;
            }
            generation++;
            bev.connecting = false;
            untried = null;
            bev.lastError = timer.expired(lookingUp);
            if (lookingUp) {
                endLookup();
            } else {
                bev.abandonConnect();
            }
            bev.callbacks.runEvent(BevEvent.WRITING | BevEvent.TIMEOUT, false);
        } finally {
            Guard.exit(bev);
        }
    }

    /** {@code reuse}: an attempt under way is forgotten (the BufferEvent clears its suspensions). */
    void reset() {
        generation++;
        untried = null;
        lookingUp = false;
        releaseLoop();
        timer.cancel();
    }

    /** The BufferEvent is closed. */
    void close() {
        timer.free();
        releaseLoop();
        generation++;
    }

    /** libevent's {@code bufferevent_socket_get_dns_error}. */
    int dnsError() {
        return dnsError;
    }

    void setPriority(int priority) {
        timer.setPriority(priority);
    }
}
