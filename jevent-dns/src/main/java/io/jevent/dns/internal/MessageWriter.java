package io.jevent.dns.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes DNS messages with name compression: a name, or its longest suffix already written,
 * becomes a pointer to the earlier copy (RFC 1035 section 4.1.4). Compression compares names
 * ignoring ASCII case, so the case of the first spelling wins, as servers do.
 *
 * <p>A writer is reused: {@link #reset()} keeps its array. It may stop writing records at a size
 * limit and mark the message truncated, which is how a UDP answer larger than the client's buffer
 * is cut.
 */
public final class MessageWriter {
    private byte[] buf = new byte[512];
    private int pos;
    /** Lower-cased suffix to its offset; only offsets that fit a 14-bit pointer. */
    private final Map<String, Integer> names = new HashMap<>();

    public MessageWriter reset() {
        pos = 0;
        names.clear();
        return this;
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return pos;
    }

    public byte[] toByteArray() {
        return java.util.Arrays.copyOf(buf, pos);
    }

    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /**
     * Writes {@code m}; with {@code limit} > 0 the answer, authority and additional sections stop
     * at the last whole record that fits, the counts say what was written, and TC is set when
     * an answer or authority record was left out (a dropped additional record is no truncation,
     * RFC 2181 section 9).
     *
     * @return this writer
     */
    public MessageWriter write(Message m, int limit) {
        reset();
        u16(m.id);
        int flagsAt = pos;
        u16(m.flags());
        u16(m.questions.size());
        int countsAt = pos;
        u16(0);
        u16(0);
        u16(0);
        for (Question q : m.questions) {
            name(q.name);
            u16(q.type);
            u16(q.dnsClass);
        }
        boolean cut = false;
        int[] counts = new int[3];
        List<?>[] sections = {m.answers, m.authority, m.additional};
        outer:
        for (int s = 0; s < 3; s++) {
            for (Object o : sections[s]) {
                int before = pos;
                record((Rr) o);
                if (limit > 0 && pos > limit) {
                    pos = before;
                    // Forget the names of the record taken back, so nothing points past the end.
                    names.values().removeIf(at -> at >= before);
                    cut = s < 2;
                    break outer;
                }
                counts[s]++;
            }
        }
        if (cut) {
            buf[flagsAt] |= 0x02;
        }
        for (int s = 0; s < 3; s++) {
            buf[countsAt + 2 * s] = (byte) (counts[s] >> 8);
            buf[countsAt + 2 * s + 1] = (byte) counts[s];
        }
        return this;
    }

    /** A query: one question, recursion desired, and an OPT record when {@code ednsSize} > 0. */
    public MessageWriter query(int id, String name, int type, int ednsSize) {
        reset();
        u16(id);
        u16(0x0100);
        u16(1);
        u16(0);
        u16(0);
        u16(ednsSize > 0 ? 1 : 0);
        name(name);
        u16(type);
        u16(Rr.CLASS_IN);
        if (ednsSize > 0) {
            opt(ednsSize);
        }
        return this;
    }

    /** An OPT pseudo-record (RFC 6891): root name, the payload size as its class, no options. */
    public void opt(int payloadSize) {
        u8(0);
        u16(Rr.OPT);
        u16(payloadSize);
        u32(0);
        u16(0);
    }

    public void record(Rr r) {
        name(r.name);
        u16(r.type);
        u16(r.dnsClass);
        u32(r.ttl);
        int lengthAt = pos;
        u16(0);
        int start = pos;
        switch (r.type) {
            case Rr.A:
            case Rr.AAAA:
                if (r.address != null) {
                    bytes(r.address);
                } else {
                    bytes(r.raw);
                }
                break;
            case Rr.CNAME:
            case Rr.PTR:
            case Rr.NS:
                if (r.target != null) {
                    name(r.target);
                } else {
                    bytes(r.raw);
                }
                break;
            case Rr.MX:
                if (r.target != null) {
                    u16(r.priority);
                    name(r.target);
                } else {
                    bytes(r.raw);
                }
                break;
            case Rr.SRV:
                if (r.target != null) {
                    u16(r.priority);
                    u16(r.weight);
                    u16(r.port);
                    // RFC 2782: the target is not compressed.
                    plainName(r.target);
                } else {
                    bytes(r.raw);
                }
                break;
            case Rr.TXT:
                if (r.texts != null) {
                    for (byte[] t : r.texts) {
                        u8(t.length);
                        bytes(t);
                    }
                } else {
                    bytes(r.raw);
                }
                break;
            case Rr.SOA:
                if (r.soa != null) {
                    name(r.target);
                    name(r.mailbox);
                    for (long n : r.soa) {
                        u32(n);
                    }
                } else {
                    bytes(r.raw);
                }
                break;
            default:
                bytes(r.raw);
        }
        int length = pos - start;
        buf[lengthAt] = (byte) (length >> 8);
        buf[lengthAt + 1] = (byte) length;
    }

    /** A name, compressed against what this message already holds. */
    public void name(String name) {
        String n = Names.strip(name);
        int i = 0;
        while (i < n.length()) {
            String suffix = Names.lower(n.substring(i));
            Integer at = names.get(suffix);
            if (at != null) {
                u16(0xC000 | at);
                return;
            }
            if (pos < 0x4000) {
                names.put(suffix, pos);
            }
            int dot = n.indexOf('.', i);
            int end = dot < 0 ? n.length() : dot;
            label(n, i, end);
            i = end + 1;
        }
        u8(0);
    }

    private void plainName(String name) {
        String n = Names.strip(name);
        int i = 0;
        while (i < n.length()) {
            int dot = n.indexOf('.', i);
            int end = dot < 0 ? n.length() : dot;
            label(n, i, end);
            i = end + 1;
        }
        u8(0);
    }

    private void label(String n, int from, int to) {
        int len = to - from;
        if (len == 0 || len > Names.MAX_LABEL) {
            throw new IllegalArgumentException("a DNS label is 1 to 63 bytes: '" + n + "'");
        }
        ensure(len + 1);
        buf[pos++] = (byte) len;
        for (int k = from; k < to; k++) {
            buf[pos++] = (byte) n.charAt(k);
        }
    }

    public void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    public void u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >> 24);
        buf[pos++] = (byte) (v >> 16);
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    public void bytes(byte[] b) {
        if (b == null) {
            return;
        }
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
