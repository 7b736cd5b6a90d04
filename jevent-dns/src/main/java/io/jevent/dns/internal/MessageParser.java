package io.jevent.dns.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DNS message from bytes that may have come from anyone. Every length and every pointer
 * is checked before it is followed: a compression pointer must point backwards, to an earlier
 * byte than any pointer already followed for the same name, so a loop cannot form; a name may not
 * exceed 255 bytes; a record's data must fill exactly the length it declares. Anything else is a
 * {@link MalformedMessageException} that says what and where; no other exception escapes.
 */
public final class MessageParser {
    private final byte[] b;
    private final int end;
    private int pos;
    private final StringBuilder text = new StringBuilder(64);

    private MessageParser(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.end = offset + length;
        if (offset != 0) {
            // Compression pointers are offsets from the message's first byte.
            throw new IllegalArgumentException("messages start at offset 0");
        }
    }

    /** Parses the whole message. */
    public static Message parse(byte[] bytes, int length) throws MalformedMessageException {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside the array of " + bytes.length);
        }
        return new MessageParser(bytes, 0, length).message(false);
    }

    /** Parses the header and the questions only: enough for a server to decide, or to check an ID. */
    public static Message parseQuestions(byte[] bytes, int length) throws MalformedMessageException {
        return new MessageParser(bytes, 0, length).message(true);
    }

    private Message message(boolean questionsOnly) throws MalformedMessageException {
        if (end < 12) {
            throw new MalformedMessageException("a DNS message has a 12-byte header, this one has " + end + " bytes");
        }
        Message m = new Message();
        m.id = u16();
        m.setFlags(u16());
        int qd = u16();
        int an = u16();
        int ns = u16();
        int ar = u16();
        for (int i = 0; i < qd; i++) {
            String name = name("question " + i);
            need(4, "question " + i);
            m.questions.add(new Question(name, u16(), u16()));
        }
        if (questionsOnly) {
            return m;
        }
        records(an, m.answers, "answer");
        records(ns, m.authority, "authority");
        records(ar, m.additional, "additional");
        for (Rr r : m.additional) {
            if (r.type == Rr.OPT) {
                m.ednsPayloadSize = r.dnsClass;
            }
        }
        return m;
    }

    private void records(int count, List<Rr> out, String section) throws MalformedMessageException {
        for (int i = 0; i < count; i++) {
            out.add(record(section + " " + i));
        }
    }

    private Rr record(String where) throws MalformedMessageException {
        String name = name(where);
        need(10, where);
        int type = u16();
        int cls = u16();
        long ttl = u32();
        // RFC 2181 section 8: a TTL with the top bit set is taken as 0.
        if (ttl > Integer.MAX_VALUE) {
            ttl = 0;
        }
        int length = u16();
        need(length, where + " data");
        int start = pos;
        int stop = pos + length;
        Rr r;
        switch (type) {
            case Rr.A:
            case Rr.AAAA: {
                int size = type == Rr.A ? 4 : 16;
                if (length != size) {
                    throw bad(where, Rr.typeName(type) + " data is " + size + " bytes, not " + length);
                }
                byte[] a = new byte[size];
                System.arraycopy(b, pos, a, 0, size);
                pos += size;
                r = new Rr(name, type, cls, ttl, a, null, 0, 0, 0, null, null, null, null);
                break;
            }
            case Rr.CNAME:
            case Rr.PTR:
            case Rr.NS:
                r = new Rr(name, type, cls, ttl, null, nameWithin(stop, where), 0, 0, 0, null, null, null, null);
                break;
            case Rr.MX: {
                needWithin(2, stop, where);
                int pref = u16();
                r = new Rr(name, type, cls, ttl, null, nameWithin(stop, where), pref, 0, 0, null, null, null, null);
                break;
            }
            case Rr.SRV: {
                needWithin(6, stop, where);
                int prio = u16();
                int weight = u16();
                int port = u16();
                r = new Rr(name, type, cls, ttl, null, nameWithin(stop, where), prio, weight, port, null, null, null,
                        null);
                break;
            }
            case Rr.TXT: {
                List<byte[]> texts = new ArrayList<>(2);
                while (pos < stop) {
                    int n = b[pos++] & 0xFF;
                    needWithin(n, stop, where);
                    byte[] t = new byte[n];
                    System.arraycopy(b, pos, t, 0, n);
                    pos += n;
                    texts.add(t);
                }
                if (texts.isEmpty()) {
                    throw bad(where, "a TXT record needs at least one string");
                }
                r = new Rr(name, type, cls, ttl, null, null, 0, 0, 0, texts, null, null, null);
                break;
            }
            case Rr.SOA: {
                String primary = nameWithin(stop, where);
                String mailbox = nameWithin(stop, where);
                needWithin(20, stop, where);
                long[] numbers = new long[5];
                for (int i = 0; i < 5; i++) {
                    numbers[i] = u32();
                }
                r = new Rr(name, type, cls, ttl, null, primary, 0, 0, 0, null, mailbox, numbers, null);
                break;
            }
            default: {
                byte[] raw = new byte[length];
                System.arraycopy(b, pos, raw, 0, length);
                pos += length;
                // OPT's TTL field is flags, not a time: keep the class (payload size) and the data.
                r = Rr.raw(name, type, cls, type == Rr.OPT ? 0 : ttl, raw);
            }
        }
        if (pos != stop) {
            throw bad(where, Rr.typeName(type) + " data declares " + length + " bytes but holds " + (pos - start));
        }
        return r;
    }

    /** A name that must end inside the record's data (pointers may still lead anywhere before). */
    private String nameWithin(int stop, String where) throws MalformedMessageException {
        String n = name(where);
        if (pos > stop) {
            throw bad(where, "a name runs past the record's data");
        }
        return n;
    }

    /**
     * Reads a possibly compressed name. {@code pos} ends after the name's bytes at its first
     * location; followed pointers only move a read cursor, each to an offset strictly before the
     * previous one, which bounds the work by the message's length.
     */
    private String name(String where) throws MalformedMessageException {
        text.setLength(0);
        int cursor = pos;
        int resumeAt = -1;
        int limit = cursor;
        int wire = 1;
        while (true) {
            if (cursor >= end) {
                throw bad(where, "a name runs past the end of the message");
            }
            int len = b[cursor] & 0xFF;
            if (len == 0) {
                cursor++;
                break;
            }
            int kind = len & 0xC0;
            if (kind == 0xC0) {
                if (cursor + 1 >= end) {
                    throw bad(where, "a compression pointer is cut off");
                }
                int target = (len & 0x3F) << 8 | (b[cursor + 1] & 0xFF);
                if (resumeAt < 0) {
                    resumeAt = cursor + 2;
                }
                if (target >= limit) {
                    throw bad(where, "a compression pointer at " + cursor + " points forward or loops, to " + target);
                }
                limit = target;
                cursor = target;
                continue;
            }
            if (kind != 0) {
                throw bad(where, "label type " + Integer.toBinaryString(kind >> 6) + " at " + cursor
                        + " is not supported");
            }
            if (cursor + 1 + len > end) {
                throw bad(where, "a label runs past the end of the message");
            }
            wire += len + 1;
            if (wire > Names.MAX_WIRE_LENGTH) {
                throw bad(where, "a name is longer than 255 bytes");
            }
            if (text.length() > 0) {
                text.append('.');
            }
            for (int i = cursor + 1; i <= cursor + len; i++) {
                text.append((char) (b[i] & 0xFF));
            }
            cursor += 1 + len;
            if (resumeAt < 0) {
                limit = cursor;
            }
        }
        pos = resumeAt >= 0 ? resumeAt : cursor;
        return text.toString();
    }

    private void need(int n, String where) throws MalformedMessageException {
        if (pos + n > end) {
            throw bad(where, "needs " + n + " more bytes at " + pos + " but the message ends at " + end);
        }
    }

    private void needWithin(int n, int stop, String where) throws MalformedMessageException {
        if (pos + n > stop) {
            throw bad(where, "needs " + n + " more bytes at " + pos + " but the record's data ends at " + stop);
        }
    }

    private int u16() {
        int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private long u32() {
        long v = (b[pos] & 0xFFL) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    private static MalformedMessageException bad(String where, String what) {
        return new MalformedMessageException("malformed DNS message, " + where + ": " + what);
    }
}
