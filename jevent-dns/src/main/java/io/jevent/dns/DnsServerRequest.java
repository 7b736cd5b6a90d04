package io.jevent.dns;

import io.jevent.dns.internal.Message;
import io.jevent.dns.internal.Rr;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One request a {@link DnsServer} received: libevent's {@code struct evdns_server_request}. Add
 * records to its sections, then {@link #respond(int)} with a result code, or {@link #drop()} it.
 * Over UDP an answer larger than the client's buffer (512 bytes, or its EDNS0 size) is cut at a
 * whole record and marked truncated, so the client asks again over TCP.
 *
 * <p><b>Threads:</b> the loop thread only, now or in a later callback.
 */
public final class DnsServerRequest {
    /** Result code NOERROR. */
    public static final int NOERROR = 0;
    /** Result code FORMERR: the query was not understood. */
    public static final int FORMERR = 1;
    /** Result code SERVFAIL. */
    public static final int SERVFAIL = 2;
    /** Result code NXDOMAIN: the name does not exist. */
    public static final int NXDOMAIN = 3;
    /** Result code NOTIMP. */
    public static final int NOTIMP = 4;
    /** Result code REFUSED. */
    public static final int REFUSED = 5;

    private final DnsServer server;
    final Message query;
    private final List<DnsQuestion> questions;
    final InetSocketAddress peer;
    final DnsServer.TcpClient tcp;
    private final List<Rr> answers = new ArrayList<>();
    private final List<Rr> authority = new ArrayList<>();
    private final List<Rr> additional = new ArrayList<>();
    private boolean authoritative = true;
    private boolean done;

    DnsServerRequest(DnsServer server, Message query, InetSocketAddress peer, DnsServer.TcpClient tcp) {
        this.server = server;
        this.query = query;
        this.peer = peer;
        this.tcp = tcp;
        List<DnsQuestion> q = new ArrayList<>(query.questions.size());
        for (io.jevent.dns.internal.Question x : query.questions) {
            q.add(new DnsQuestion(x.name, x.type, x.dnsClass));
        }
        this.questions = List.copyOf(q);
    }

    /**
     * The questions, usually one.
     *
     * @return the questions in order
     */
    public List<DnsQuestion> questions() {
        return questions;
    }

    /**
     * Who asked: {@code evdns_server_request_get_requesting_addr}.
     *
     * @return the client's address and port
     */
    public InetSocketAddress peer() {
        return peer;
    }

    /**
     * Whether the request came over TCP.
     *
     * @return true for TCP, false for UDP
     */
    public boolean overTcp() {
        return tcp != null;
    }

    /**
     * Whether the client asked for recursion (the RD bit).
     *
     * @return the RD bit
     */
    public boolean recursionDesired() {
        return query.recursionDesired;
    }

    /**
     * Adds a record to the answer section: {@code evdns_server_request_add_reply} with
     * {@code EVDNS_ANSWER_SECTION}, and its {@code _add_a_reply} style helpers through
     * {@link DnsRecord}'s factories.
     *
     * @param record the record
     * @return this request
     * @throws IllegalStateException after {@link #respond} or {@link #drop}
     */
    public DnsServerRequest addAnswer(DnsRecord record) {
        return add(answers, record);
    }

    /**
     * Adds a record to the authority section ({@code EVDNS_AUTHORITY_SECTION}), such as the SOA of
     * a negative answer.
     *
     * @param record the record
     * @return this request
     * @throws IllegalStateException after {@link #respond} or {@link #drop}
     */
    public DnsServerRequest addAuthority(DnsRecord record) {
        return add(authority, record);
    }

    /**
     * Adds a record to the additional section ({@code EVDNS_ADDITIONAL_SECTION}).
     *
     * @param record the record
     * @return this request
     * @throws IllegalStateException after {@link #respond} or {@link #drop}
     */
    public DnsServerRequest addAdditional(DnsRecord record) {
        return add(additional, record);
    }

    /**
     * Sets the AA bit of the answer (on unless turned off): part of
     * {@code evdns_server_request_set_flags}.
     *
     * @param authoritative whether this server is authoritative for the answer
     * @return this request
     */
    public DnsServerRequest setAuthoritative(boolean authoritative) {
        this.authoritative = authoritative;
        return this;
    }

    private DnsServerRequest add(List<Rr> section, DnsRecord record) {
        checkOpen();
        section.add(record.rr());
        return this;
    }

    /**
     * Sends the answer with the records added: {@code evdns_server_request_respond}. A failure to
     * send (the client gone) only ends the request.
     *
     * @param rcode {@link #NOERROR}, {@link #NXDOMAIN}, {@link #SERVFAIL}, {@link #REFUSED},
     *              {@link #NOTIMP}, {@link #FORMERR}, or another RCODE up to 15
     * @throws IllegalStateException    when already answered or dropped
     * @throws IllegalArgumentException for an RCODE outside 0 to 15
     */
    public void respond(int rcode) {
        if (rcode < 0 || rcode > 15) {
            throw new IllegalArgumentException("an RCODE is 0 to 15: " + rcode);
        }
        checkOpen();
        done = true;
        Message m = new Message();
        m.id = query.id;
        m.response = true;
        m.opcode = query.opcode;
        m.authoritative = authoritative;
        m.recursionDesired = query.recursionDesired;
        m.rcode = rcode;
        m.questions.addAll(query.questions);
        m.answers.addAll(answers);
        m.authority.addAll(authority);
        m.additional.addAll(additional);
        server.send(this, m);
    }

    /**
     * Ends the request without an answer: {@code evdns_server_request_drop}. The client will time
     * out or ask again.
     *
     * @throws IllegalStateException when already answered or dropped
     */
    public void drop() {
        checkOpen();
        done = true;
        server.dropped(this);
    }

    private void checkOpen() {
        if (done) {
            throw new IllegalStateException("this DNS request was already answered or dropped");
        }
    }

    @Override
    public String toString() {
        return "DNS request " + questions + " from " + peer + (tcp != null ? " over TCP" : "");
    }
}
