package io.jevent.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static Rr named(String name, int type, String target) {
        return new Rr(name, type, Rr.CLASS_IN, 300, null, target, 0, 0, 0, null, null, null, null);
    }

    static Message everyType() {
        Message m = new Message();
        m.id = 0xBEEF;
        m.response = true;
        m.authoritative = true;
        m.recursionDesired = true;
        m.questions.add(new Question("www.Example.com", Rr.A, Rr.CLASS_IN));
        m.answers.add(named("www.example.com", Rr.CNAME, "host.example.com"));
        m.answers.add(new Rr("host.example.com", Rr.A, 1, 60, new byte[] {10, 0, 0, 1}, null, 0, 0, 0, null, null,
                null, null));
        byte[] v6 = new byte[16];
        v6[15] = 1;
        m.answers.add(new Rr("host.example.com", Rr.AAAA, 1, 60, v6, null, 0, 0, 0, null, null, null, null));
        m.answers.add(named("1.0.0.10.in-addr.arpa", Rr.PTR, "host.example.com"));
        m.answers.add(new Rr("example.com", Rr.MX, 1, 60, null, "mail.example.com", 10, 0, 0, null, null, null, null));
        m.answers.add(new Rr("example.com", Rr.TXT, 1, 60, null, null, 0, 0, 0,
                List.of("v=spf1".getBytes(), new byte[0], "second".getBytes()), null, null, null));
        m.answers.add(new Rr("_http._tcp.example.com", Rr.SRV, 1, 60, null, "host.example.com", 1, 2, 8080, null,
                null, null, null));
        m.authority.add(new Rr("example.com", Rr.SOA, 1, 60, null, "ns.example.com", 0, 0, 0, null,
                "admin.example.com", new long[] {2026120501L, 3600, 600, 86400, 0xFFFF_FFFFL}, null));
        m.additional.add(Rr.raw("", Rr.OPT, 1232, 0, new byte[0]));
        return m;
    }

    @Test
    void writesAndReadsBackEveryRecordType() throws Exception {
        Message m = everyType();
        byte[] wire = new MessageWriter().write(m, 0).toByteArray();
        Message back = MessageParser.parse(wire, wire.length);
        assertThat(back.id).isEqualTo(0xBEEF);
        assertThat(back.flags()).isEqualTo(m.flags());
        assertThat(back.questions.get(0).name).isEqualTo("www.Example.com");
        assertThat(back.answers).containsExactlyElementsOf(m.answers);
        assertThat(back.authority).containsExactlyElementsOf(m.authority);
        assertThat(back.ednsPayloadSize).isEqualTo(1232);
    }

    @Test
    void compressesRepeatedSuffixesIntoPointers() {
        Message m = new Message();
        m.questions.add(new Question("a.example.com", Rr.A, 1));
        m.answers.add(named("a.example.com", Rr.CNAME, "b.example.com"));
        byte[] wire = new MessageWriter().write(m, 0).toByteArray();
        // header 12 + question name 15 + 4, answer: pointer 2 + 10 fixed + "b" label 2 + pointer 2.
        assertThat(wire).hasSize(12 + 15 + 4 + 2 + 10 + 2 + 2);
        assertThat(wire[12 + 15 + 4] & 0xFF).isEqualTo(0xC0);
        assertThat(wire[12 + 15 + 4 + 1]).isEqualTo((byte) 12);
    }

    @Test
    void cutsAtTheLimitAndMarksTheAnswerTruncated() throws Exception {
        Message m = new Message();
        m.response = true;
        m.questions.add(new Question("many.example", Rr.TXT, 1));
        for (int i = 0; i < 20; i++) {
            m.answers.add(new Rr("many.example", Rr.TXT, 1, 1, null, null, 0, 0, 0, List.of(new byte[100]), null,
                    null, null));
        }
        byte[] wire = new MessageWriter().write(m, 512).toByteArray();
        assertThat(wire.length).isLessThanOrEqualTo(512);
        Message back = MessageParser.parse(wire, wire.length);
        assertThat(back.truncated).isTrue();
        assertThat(back.answers).hasSizeBetween(1, 19);
    }

    @Test
    void refusesAPointerLoop() {
        byte[] wire = header(1, 0);
        wire = concat(wire, new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});
        assertMalformed(wire, "loops");
    }

    @Test
    void refusesALoopThroughTwoPointers() {
        // At 12: label "a" then a pointer to 16; at 16: a pointer back to 12.
        byte[] wire = concat(header(1, 0), new byte[] {1, 'a', (byte) 0xC0, 16, (byte) 0xC0, 12, 0, 1, 0, 1});
        assertMalformed(wire, "loops");
    }

    @Test
    void refusesAForwardPointerAndOneOutOfRange() {
        assertMalformed(concat(header(1, 0), new byte[] {(byte) 0xC0, 40, 0, 1, 0, 1}), "forward");
        assertMalformed(concat(header(1, 0), new byte[] {(byte) 0xFF, (byte) 0xFF, 0, 1, 0, 1}), "forward");
    }

    @Test
    void refusesTruncatedHeadersNamesAndRecords() {
        assertMalformed(new byte[11], "12-byte header");
        assertMalformed(concat(header(1, 0), new byte[] {3, 'a', 'b'}), "past the end");
        assertMalformed(concat(header(1, 0), new byte[] {1, 'a', 0, 0, 1}), "needs 4 more bytes");
        // An A record whose data length says 4 but the message ends after 2.
        assertMalformed(concat(header(0, 1), new byte[] {0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2}), "answer 0 data");
        assertMalformed(concat(header(0, 1), new byte[] {0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3}), "4 bytes");
        // A CNAME whose name runs past its declared data length.
        assertMalformed(concat(header(0, 1), new byte[] {0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 1, 1, 'x', 0}),
                "past the record's data");
        assertMalformed(concat(header(0, 1), new byte[] {0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 1, 1, 'x', 0}),
                "answer 0");
    }

    @Test
    void refusesNamesOver255BytesAndReservedLabelTypes() {
        byte[] labels = new byte[0];
        for (int i = 0; i < 5; i++) {
            byte[] l = new byte[64];
            l[0] = 63;
            java.util.Arrays.fill(l, 1, 64, (byte) 'a');
            labels = concat(labels, l);
        }
        assertMalformed(concat(header(1, 0), concat(labels, new byte[] {0, 0, 1, 0, 1})), "longer than 255");
        assertMalformed(concat(header(1, 0), new byte[] {0x41, 0, 0, 1, 0, 1}), "label type");
    }

    @Test
    void refusesWritingBadNames() {
        assertThatThrownBy(() -> Names.check("a..b")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> Names.check("x".repeat(64) + ".com")).hasMessageContaining("63");
        assertThatThrownBy(() -> Names.check("bücher.例")).hasMessageContaining("IDN.toASCII");
        assertThat(Names.check("example.com.")).isEqualTo("example.com");
    }

    static byte[] header(int qd, int an) {
        return new byte[] {0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, (byte) qd, 0, (byte) an, 0, 0, 0, 0};
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertMalformed(byte[] wire, String why) {
        assertThatThrownBy(() -> MessageParser.parse(wire, wire.length))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining(why);
    }
}
