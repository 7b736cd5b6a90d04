package io.jevent.dns.internal;

import io.jevent.Event;

/**
 * One question in flight, from the first transmission to its answer, its last timeout or its
 * cancellation: libevent's {@code struct request}.
 */
public final class Query {
    /** Where the outcome goes: libevent's result code, and the reply when one came. */
    public interface Done {
        void done(int code, Message reply);
    }

    final String name;
    final int type;
    final Done done;
    /** The name as sent: with 0x20 randomisation, its letters in random case. */
    String wireName;
    int id = -1;
    byte[] packet;
    Nameserver server;
    int transmissions;
    int reissues;
    Event timer;
    TcpExchange tcp;
    boolean finished;
    boolean waiting;
    final boolean isProbe;

    Query(String name, int type, Done done, boolean isProbe) {
        this.name = name;
        this.type = type;
        this.done = done;
        this.isProbe = isProbe;
    }

    public String name() {
        return name;
    }

    public boolean finished() {
        return finished;
    }
}
