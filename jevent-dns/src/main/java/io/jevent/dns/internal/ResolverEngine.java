package io.jevent.dns.internal;

import io.jevent.EventBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolver's transport: sends questions to nameservers and matches answers to them, with
 * libevent's rules for failure. Loop thread only.
 *
 * <ul>
 *   <li>Each query gets a random ID unused by any other in flight; an answer counts only if it
 *       comes on the socket connected to the server asked, carries that ID, has the response bit,
 *       and repeats the question exactly (with 0x20 randomisation, letter case included).
 *       Anything else is dropped and the query keeps waiting.</li>
 *   <li>A query waits {@code timeout}, then goes again to the next nameserver that is up, at most
 *       {@code attempts} times in all, then fails with TIMEOUT: the budget is
 *       {@code timeout * attempts} whether or not any server answers, so nothing hangs.</li>
 *   <li>A server that times out {@code max-timeouts} times in a row is down: it is skipped while
 *       another is up, and probed with a small query after {@code initial-probe-timeout}, the
 *       delay doubling (up to {@code max-probe-timeout}) until it answers.</li>
 *   <li>SERVFAIL, REFUSED and NOTIMPL send the query to another server, up to
 *       {@code max-reissues} times; a truncated answer is asked again over TCP.</li>
 * </ul>
 */
public final class ResolverEngine {
    final EventBase base;
    final ResolverConfig config;
    private final List<Nameserver> servers = new ArrayList<>();
    private int rotateNext;
    private final Query[] byId = new Query[65536];
    private int inflight;
    private final ArrayDeque<Query> waiting = new ArrayDeque<>();
    private final MessageWriter writer = new MessageWriter();
    private final ByteBuffer receive = ByteBuffer.allocate(65536);
    private final SecureRandom secure = new SecureRandom();
    private final byte[] randomBytes = new byte[512];
    private int randomAt = randomBytes.length;
    private Duration timeout;

    public ResolverEngine(EventBase base, ResolverConfig config) {
        this.base = base;
        this.config = config;
    }

    /** Takes the configuration's nameservers; the ones already known keep their state. */
    public void syncNameservers() {
        for (InetSocketAddress a : config.nameservers) {
            boolean known = false;
            for (Nameserver s : servers) {
                known |= s.address.equals(a);
            }
            if (!known) {
                servers.add(new Nameserver(a, servers.size()));
            }
        }
    }

    /** Forgets every nameserver ({@code evdns_base_clear_nameservers_and_suspend}'s first half). */
    public void clearNameservers() {
        for (Nameserver s : servers) {
            if (s.probeTimer != null) {
                s.probeTimer.close();
            }
        }
        servers.clear();
    }

    public int nameserverCount() {
        return servers.size();
    }

    public int upNameserverCount() {
        int n = 0;
        for (Nameserver s : servers) {
            n += s.up ? 1 : 0;
        }
        return n;
    }

    /** Starts a query; {@code done} runs once, from a later loop callback or never if cancelled first. */
    public Query submit(String name, int type, Query.Done done) {
        Query q = new Query(name, type, done, false);
        if (inflight >= config.maxInflight) {
            q.waiting = true;
            waiting.add(q);
        } else {
            start(q);
        }
        return q;
    }

    private void start(Query q) {
        inflight++;
        q.id = freshId();
        byId[q.id] = q;
        q.wireName = config.randomizeCase ? randomCase(q.name) : q.name;
        q.packet = writer.query(q.id, q.wireName, q.type, config.ednsUdpSize).toByteArray();
        q.timer = base.newTimer((ev, what) -> timedOut(q));
        q.server = pick(null);
        transmit(q);
    }

    /** Ends {@code q} with {@code code} now, without calling back a second time. */
    public void cancel(Query q, int code) {
        if (q.finished) {
            return;
        }
        if (q.waiting) {
            waiting.remove(q);
            q.waiting = false;
            q.finished = true;
            q.done.done(code, null);
            return;
        }
        finish(q, code, null);
    }

    /** Fails every query with {@code code} and closes every socket. */
    public void shutdown(int code) {
        for (Query q : new ArrayList<>(waiting)) {
            cancel(q, code);
        }
        for (int id = 0; id < byId.length; id++) {
            Query q = byId[id];
            if (q != null && !q.isProbe) {
                finish(q, code, null);
            }
        }
        for (Nameserver s : servers) {
            if (s.probe != null) {
                retire(s.probe);
            }
            if (s.probeTimer != null) {
                s.probeTimer.close();
            }
            s.closeSocket();
        }
    }

    private Nameserver pick(Nameserver after) {
        if (servers.isEmpty()) {
            return null;
        }
        int n = servers.size();
        int from = after != null ? after.index + 1 : (config.rotate ? rotateNext++ : 0);
        for (int i = 0; i < n; i++) {
            Nameserver s = servers.get(Math.floorMod(from + i, n));
            if (s.up) {
                return s;
            }
        }
        // Every server is down: go round them all, so that each retry asks another one.
        return servers.get(Math.floorMod(from, n));
    }

    private void transmit(Query q) {
        Nameserver s = q.server;
        if (s == null) {
            finish(q, 67, null);
            return;
        }
        q.transmissions++;
        // The query holds a share of the socket until its timer fires or it is retired.
        s.pending++;
        try {
            s.open(this).write(ByteBuffer.wrap(q.packet));
        } catch (IOException e) {
            // An unreachable server is treated like a silent one: the timer moves the query on.
        }
        q.timer.add(timeout());
    }

    private Duration timeout() {
        if (timeout == null || timeout.toNanos() != config.timeoutNanos) {
            timeout = Duration.ofNanos(config.timeoutNanos);
        }
        return timeout;
    }

    private void timedOut(Query q) {
        Nameserver s = q.server;
        s.release();
        if (q.isProbe) {
            probeFailed(s);
            return;
        }
        if (q.tcp != null) {
            finish(q, 67, null);
            return;
        }
        s.timeoutsInARow++;
        if (s.up && s.timeoutsInARow >= config.maxTimeouts) {
            markDown(s);
        }
        if (q.transmissions >= config.attempts) {
            finish(q, 67, null);
            return;
        }
        q.server = pick(s);
        transmit(q);
    }

    /** The socket of {@code s} has datagrams: read them all and match each to its query. */
    void readable(Nameserver s) {
        while (s.channel != null) {
            receive.clear();
            int n;
            try {
                n = s.channel.read(receive);
            } catch (IOException e) {
                // ICMP port unreachable or the like: the server is not there; the timers deal with it.
                return;
            }
            if (n <= 0) {
                return;
            }
            answer(s, receive.array(), n, false);
        }
    }

    private void answer(Nameserver s, byte[] bytes, int length, boolean overTcp) {
        if (length < 12) {
            return;
        }
        int id = (bytes[0] & 0xFF) << 8 | (bytes[1] & 0xFF);
        Query q = byId[id];
        if (q == null || q.server != s || (q.tcp != null) != overTcp) {
            return;
        }
        Message reply;
        try {
            reply = MessageParser.parse(bytes, length);
            if (!reply.response || reply.questions.size() != 1 || !sameQuestion(q, reply.questions.get(0))) {
                return;
            }
        } catch (MalformedMessageException e) {
            // Without an intact question the datagram may not be the server's at all: keep waiting.
            if (!questionIntact(q, bytes, length)) {
                return;
            }
            serverAnswered(s, q);
            finish(q, 66, null);
            return;
        }
        serverAnswered(s, q);
        if (q.isProbe) {
            return;
        }
        if (reply.truncated && !overTcp) {
            try {
                q.tcp = new TcpExchange(this, q);
                q.timer.add(timeout());
            } catch (IOException e) {
                finish(q, 65, null);
            }
            return;
        }
        int rcode = reply.rcode;
        if ((rcode == Message.SERVFAIL || rcode == Message.REFUSED || rcode == Message.NOTIMP)
                && q.reissues < config.maxReissues && upNameserverCount() > 1) {
            q.reissues++;
            q.timer.del();
            s.release();
            q.server = pick(s);
            q.transmissions = Math.max(0, q.transmissions - 1);
            transmit(q);
            return;
        }
        finish(q, rcode == Message.NOERROR ? 0 : (rcode <= 5 ? rcode : 66), reply);
    }

    private boolean questionIntact(Query q, byte[] bytes, int length) {
        try {
            Message head = MessageParser.parseQuestions(bytes, length);
            return head.response && head.questions.size() == 1 && sameQuestion(q, head.questions.get(0));
        } catch (MalformedMessageException e) {
            return false;
        }
    }

    private boolean sameQuestion(Query q, Question got) {
        return got.type == q.type && got.dnsClass == Rr.CLASS_IN
                && (config.randomizeCase ? got.name.equals(q.wireName) : Names.equal(got.name, q.name));
    }

    void tcpAnswer(Query q, byte[] bytes, int length) {
        Nameserver s = q.server;
        answer(s, bytes, length, true);
        if (!q.finished) {
            // The connection brought something that is not this query's answer.
            finish(q, 65, null);
        }
    }

    void tcpFailed(Query q) {
        finish(q, 65, null);
    }

    private void serverAnswered(Nameserver s, Query q) {
        s.timeoutsInARow = 0;
        if (!s.up) {
            markUp(s);
        }
        if (q.isProbe) {
            retire(q);
        }
    }

    private void finish(Query q, int code, Message reply) {
        if (q.finished) {
            return;
        }
        retire(q);
        q.done.done(code, reply);
    }

    /** Frees what {@code q} holds (ID, timer, socket share) and lets a waiting query start. */
    private void retire(Query q) {
        q.finished = true;
        if (q.id >= 0 && byId[q.id] == q) {
            byId[q.id] = null;
        }
        if (q.timer != null) {
            boolean waitingOnServer = q.timer.pending(io.jevent.Ev.TIMEOUT) != 0;
            q.timer.close();
            if (waitingOnServer && q.server != null) {
                q.server.release();
            }
        }
        if (q.tcp != null) {
            q.tcp.close();
        }
        if (q.isProbe) {
            q.server.probe = null;
            return;
        }
        inflight--;
        Query next = waiting.poll();
        if (next != null) {
            next.waiting = false;
            start(next);
        }
    }

    private void markDown(Nameserver s) {
        s.up = false;
        s.probeDelayNanos = config.initialProbeNanos;
        scheduleProbe(s);
    }

    private void markUp(Nameserver s) {
        s.up = true;
        if (s.probeTimer != null) {
            s.probeTimer.close();
            s.probeTimer = null;
        }
    }

    private void scheduleProbe(Nameserver s) {
        if (s.probeTimer == null) {
            s.probeTimer = base.newTimer((ev, what) -> sendProbe(s));
        }
        s.probeTimer.add(Duration.ofNanos(s.probeDelayNanos));
    }

    private void sendProbe(Nameserver s) {
        if (s.up || s.probe != null) {
            return;
        }
        Query p = new Query("", Rr.NS, (code, reply) -> { }, true);
        p.id = freshId();
        byId[p.id] = p;
        p.wireName = "";
        p.packet = writer.query(p.id, "", Rr.NS, 0).toByteArray();
        p.timer = base.newTimer((ev, what) -> timedOut(p));
        p.server = s;
        s.probe = p;
        transmit(p);
    }

    private void probeFailed(Nameserver s) {
        Query p = s.probe;
        if (p != null) {
            p.timer.close();
            p.timer = null;
            retire(p);
        }
        s.probeDelayNanos = Math.min(config.maxProbeNanos, s.probeDelayNanos * 2);
        scheduleProbe(s);
    }

    private int freshId() {
        while (true) {
            int id = (nextRandomByte() << 8) | nextRandomByte();
            if (byId[id] == null) {
                return id;
            }
        }
    }

    private int nextRandomByte() {
        if (randomAt == randomBytes.length) {
            secure.nextBytes(randomBytes);
            randomAt = 0;
        }
        return randomBytes[randomAt++] & 0xFF;
    }

    /** 0x20 (draft-vixie-dnsext-dns0x20): each letter upper or lower case at random. */
    private String randomCase(String name) {
        char[] c = name.toCharArray();
        int bits = 0;
        int left = 0;
        for (int i = 0; i < c.length; i++) {
            char ch = c[i];
            boolean letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
            if (!letter) {
                continue;
            }
            if (left == 0) {
                bits = nextRandomByte();
                left = 8;
            }
            c[i] = (bits & 1) != 0 ? Character.toUpperCase(ch) : Character.toLowerCase(ch);
            bits >>= 1;
            left--;
        }
        return new String(c);
    }

    public List<String> describeNameservers() {
        List<String> out = new ArrayList<>();
        for (Nameserver s : servers) {
            out.add(s.toString());
        }
        return out;
    }
}
