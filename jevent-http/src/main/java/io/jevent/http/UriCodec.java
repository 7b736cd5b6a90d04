package io.jevent.http;

import io.jevent.http.internal.UriChars;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * libevent's percent-encoders and decoders and its HTML escaper, byte for byte as in libevent
 * 2.1: {@code evhttp_encode_uri}, {@code evhttp_uriencode}, {@code evhttp_decode_uri},
 * {@code evhttp_uridecode} and {@code evhttp_htmlescape}.
 *
 * <ul>
 *   <li>Encoding leaves only the unreserved characters alone (ASCII letters, digits and
 *       {@code - . _ ~}) and writes every other byte as {@code %XX} with upper-case hex; a space
 *       becomes {@code +} only when asked ({@code space_as_plus}).</li>
 *   <li>Decoding turns {@code %XX} (either case) into its byte and leaves a {@code %} that is not
 *       followed by two hex digits as it is; {@code +} becomes a space only when asked, or, for the
 *       deprecated {@link #decodeUri}, only after the first {@code ?}. A {@code %00} gives a NUL
 *       byte, which the byte form keeps.</li>
 * </ul>
 *
 * <p>Strings are encoded to bytes as UTF-8 first, and decoded bytes are read as UTF-8 (a malformed
 * sequence becomes U+FFFD); the {@code byte[]} forms give the exact bytes. Any thread.
 */
public final class UriCodec {
    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private UriCodec() {
    }

    /**
     * Percent-encodes every byte but the unreserved ones, spaces included: libevent's
     * {@code evhttp_encode_uri}.
     *
     * @param text the text to encode, as UTF-8
     * @return the encoded text, ASCII only
     */
    public static String encodeUri(String text) {
        return uriEncode(text, false);
    }

    /**
     * Percent-encodes every byte but the unreserved ones: libevent's {@code evhttp_uriencode}.
     *
     * @param text        the text to encode, as UTF-8
     * @param spaceAsPlus write a space as {@code +} (for form values), not as {@code %20}
     * @return the encoded text, ASCII only
     */
    public static String uriEncode(String text, boolean spaceAsPlus) {
        Objects.requireNonNull(text, "text");
        return uriEncode(text.getBytes(StandardCharsets.UTF_8), spaceAsPlus);
    }

    /**
     * Percent-encodes bytes: libevent's {@code evhttp_uriencode} with an explicit length.
     *
     * @param data        the bytes to encode
     * @param spaceAsPlus write a space as {@code +}, not as {@code %20}
     * @return the encoded text, ASCII only
     */
    public static String uriEncode(byte[] data, boolean spaceAsPlus) {
        Objects.requireNonNull(data, "data");
        byte[] out = new byte[data.length * 3];
        int n = 0;
        for (byte b : data) {
            int c = b & 0xFF;
            if (UriChars.unreserved(c)) {
                out[n++] = b;
            } else if (c == ' ' && spaceAsPlus) {
                out[n++] = '+';
            } else {
                out[n++] = '%';
                out[n++] = HEX_DIGITS[c >> 4];
                out[n++] = HEX_DIGITS[c & 0xF];
            }
        }
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Decodes percent escapes, and {@code +} as a space after the first {@code ?} only: libevent's
     * deprecated {@code evhttp_decode_uri}, for code ported from it. New code decodes each part
     * with {@link #uriDecode(String, boolean)}.
     *
     * @param text the text to decode
     * @return the decoded text, read as UTF-8
     */
    public static String decodeUri(String text) {
        Objects.requireNonNull(text, "text");
        return new String(decode(text.getBytes(StandardCharsets.UTF_8), -1), StandardCharsets.UTF_8);
    }

    /**
     * Decodes percent escapes: libevent's {@code evhttp_uridecode}.
     *
     * @param text       the text to decode
     * @param decodePlus also turn {@code +} into a space (form values)
     * @return the decoded text, read as UTF-8
     */
    public static String uriDecode(String text, boolean decodePlus) {
        Objects.requireNonNull(text, "text");
        return new String(uriDecode(text.getBytes(StandardCharsets.UTF_8), decodePlus), StandardCharsets.UTF_8);
    }

    /**
     * Decodes percent escapes into exact bytes: libevent's {@code evhttp_uridecode} with its
     * {@code size_out}, which counts a decoded NUL.
     *
     * @param data       the bytes to decode
     * @param decodePlus also turn {@code +} into a space
     * @return the decoded bytes
     */
    public static byte[] uriDecode(byte[] data, boolean decodePlus) {
        Objects.requireNonNull(data, "data");
        return decode(data, decodePlus ? 1 : 0);
    }

    /**
     * libevent's {@code evhttp_decode_uri_internal}.
     *
     * @param plusMode 1: {@code +} is a space; 0: it is not; -1: it is after the first {@code ?}
     */
    static byte[] decode(byte[] in, int plusMode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        boolean plus = plusMode == 1;
        int len = in.length;
        for (int i = 0; i < len; i++) {
            int c = in[i] & 0xFF;
            if (c == '?') {
                if (plusMode < 0) {
                    plus = true;
                }
            } else if (c == '+' && plus) {
                c = ' ';
            } else if (c == '%' && i + 2 < len && UriChars.hex(in[i + 1]) && UriChars.hex(in[i + 2])) {
                c = UriChars.hexValue(in[i + 1]) << 4 | UriChars.hexValue(in[i + 2]);
                i += 2;
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    /**
     * Escapes {@code < > " ' &} as HTML entities ({@code &lt; &gt; &quot; &#039; &amp;}), nothing
     * else: libevent's {@code evhttp_htmlescape}.
     *
     * @param html the text to escape
     * @return the escaped text
     */
    public static String htmlEscape(String html) {
        Objects.requireNonNull(html, "html");
        StringBuilder sb = null;
        for (int i = 0; i < html.length(); i++) {
            char c = html.charAt(i);
            String entity = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#039;";
                case '&' -> "&amp;";
                default -> null;
            };
            if (entity != null && sb == null) {
                sb = new StringBuilder(html.length() + 16).append(html, 0, i);
            }
            if (sb != null) {
                if (entity != null) {
                    sb.append(entity);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? html : sb.toString();
    }
}
