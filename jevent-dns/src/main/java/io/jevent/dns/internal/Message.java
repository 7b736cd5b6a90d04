package io.jevent.dns.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A DNS message (RFC 1035 section 4): the header's fields, the four sections, and the EDNS0
 * payload size when an OPT record came with it. Mutable while it is built; the parser hands out
 * fresh ones.
 */
public final class Message {
    public static final int OPCODE_QUERY = 0;

    public static final int NOERROR = 0;
    public static final int FORMERR = 1;
    public static final int SERVFAIL = 2;
    public static final int NXDOMAIN = 3;
    public static final int NOTIMP = 4;
    public static final int REFUSED = 5;

    public int id;
    public boolean response;
    public int opcode;
    public boolean authoritative;
    public boolean truncated;
    public boolean recursionDesired;
    public boolean recursionAvailable;
    /** The 4-bit RCODE of the header (the extended bits of OPT are not used). */
    public int rcode;
    public final List<Question> questions = new ArrayList<>(1);
    public final List<Rr> answers = new ArrayList<>();
    public final List<Rr> authority = new ArrayList<>();
    public final List<Rr> additional = new ArrayList<>();
    /** The requestor's UDP payload size from an OPT record, or 0 without one. */
    public int ednsPayloadSize;

    /** The header's second 16-bit word. */
    public int flags() {
        return (response ? 0x8000 : 0) | (opcode & 0xF) << 11 | (authoritative ? 0x0400 : 0)
                | (truncated ? 0x0200 : 0) | (recursionDesired ? 0x0100 : 0) | (recursionAvailable ? 0x0080 : 0)
                | (rcode & 0xF);
    }

    public void setFlags(int flags) {
        response = (flags & 0x8000) != 0;
        opcode = (flags >> 11) & 0xF;
        authoritative = (flags & 0x0400) != 0;
        truncated = (flags & 0x0200) != 0;
        recursionDesired = (flags & 0x0100) != 0;
        recursionAvailable = (flags & 0x0080) != 0;
        rcode = flags & 0xF;
    }

    @Override
    public String toString() {
        return "id=" + id + (response ? " response" : " query") + " rcode=" + rcode + (truncated ? " TC" : "")
                + " q=" + questions + " an=" + answers + " ns=" + authority + " ar=" + additional;
    }
}
