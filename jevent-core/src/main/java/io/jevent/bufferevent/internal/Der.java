package io.jevent.bufferevent.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The few DER encodings an X.509 certificate and a PKCS#8 key need, each returning one complete
 * tag-length-value. The JDK parses certificates and keys but does not build them outside its
 * internal {@code sun.security} classes, which a module may not use.
 */
public final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
    private static final Instant UTC_TIME_END = Instant.parse("2050-01-01T00:00:00Z");

    private Der() {
    }

    /** A SEQUENCE of the given encoded elements. */
    public static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, concat(elements));
    }

    /** A SET of the given encoded elements; callers pass one element, so no sorting is needed. */
    public static byte[] set(byte[] element) {
        return tlv(0x31, element);
    }

    /** An INTEGER, two's complement, minimal length. */
    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    /** A BOOLEAN. */
    public static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0)});
    }

    /** NULL, the parameters of an RSA algorithm identifier. */
    public static byte[] nullValue() {
        return tlv(0x05, new byte[0]);
    }

    /** An OBJECT IDENTIFIER from its dotted form, such as {@code 2.5.4.3}. */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OID, out.toByteArray());
    }

    /** An OCTET STRING. */
    public static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** A BIT STRING of whole bytes (no unused bits). */
    public static byte[] bitString(byte[] content) {
        byte[] body = new byte[content.length + 1];
        System.arraycopy(content, 0, body, 1, content.length);
        return tlv(BIT_STRING, body);
    }

    /** A UTF8String. */
    public static byte[] utf8String(String text) {
        return tlv(0x0c, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A certificate time: UTCTime before 2050, GeneralizedTime after, as RFC 5280 requires. */
    public static byte[] time(Instant instant) {
        Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
        if (seconds.isBefore(UTC_TIME_END)) {
            return tlv(0x17, UTC_TIME.format(seconds).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, GENERALIZED_TIME.format(seconds).getBytes(StandardCharsets.US_ASCII));
    }

    /** An EXPLICIT context-specific tag {@code [number]} around one encoded element. */
    public static byte[] explicit(int number, byte[] element) {
        return tlv(0xa0 | number, element);
    }

    /** An IMPLICIT context-specific primitive {@code [number]}, as GeneralName's choices are. */
    public static byte[] implicit(int number, byte[] content) {
        return tlv(0x80 | number, content);
    }

    /** One tag-length-value with a definite length. */
    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) (value >>> (7 * i)) & 0x7f;
            out.write(i > 0 ? group | 0x80 : group);
        }
    }
}
