package io.jevent.dns;

/**
 * One question of a request a {@link DnsServer} received: libevent's
 * {@code struct evdns_server_question}.
 *
 * <p>An immutable value; any thread.
 */
public final class DnsQuestion {
    private final String name;
    private final int type;
    private final int dnsClass;

    DnsQuestion(String name, int type, int dnsClass) {
        this.name = name;
        this.type = type;
        this.dnsClass = dnsClass;
    }

    /**
     * The name asked about, as sent (letter case kept), without a trailing dot.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The type asked for, such as {@link DnsRecord#A} or {@link DnsRecord#ANY}.
     *
     * @return the type
     */
    public int type() {
        return type;
    }

    /**
     * The class, usually {@link DnsRecord#CLASS_IN}.
     *
     * @return the class
     */
    public int dnsClass() {
        return dnsClass;
    }

    @Override
    public String toString() {
        return name + " " + DnsRecord.typeName(type);
    }
}
