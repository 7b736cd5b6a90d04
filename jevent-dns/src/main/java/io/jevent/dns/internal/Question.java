package io.jevent.dns.internal;

/** One entry of a message's question section. */
public final class Question {
    public final String name;
    public final int type;
    public final int dnsClass;

    public Question(String name, int type, int dnsClass) {
        this.name = name;
        this.type = type;
        this.dnsClass = dnsClass;
    }

    /** Same name (ignoring ASCII case), type and class. */
    public boolean matches(Question q) {
        return type == q.type && dnsClass == q.dnsClass && Names.equal(name, q.name);
    }

    /** Same name with exactly the same case, what 0x20 randomisation checks. */
    public boolean matchesExactly(Question q) {
        return type == q.type && dnsClass == q.dnsClass && name.equals(q.name);
    }

    @Override
    public String toString() {
        return (name.isEmpty() ? "." : name) + " " + Rr.typeName(type);
    }
}
