package io.jevent.bufferevent.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468): the blocks between {@code -----BEGIN type-----} and {@code -----END type-----},
 * and the encoding of one. Text outside the blocks is ignored, as OpenSSL ignores the
 * human-readable dump {@code openssl x509 -text} puts before a certificate.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /**
     * One block: its type, whether RFC 1421 headers mark it encrypted (OpenSSL's
     * {@code Proc-Type: 4,ENCRYPTED} on a traditional key), and its decoded content.
     *
     * @param type the label after BEGIN, such as {@code CERTIFICATE}
     * @param encrypted whether the block's headers say it is encrypted
     * @param der the decoded base64 content
     */
    public record Block(String type, boolean encrypted, byte[] der) {
    }

    private Pem() {
    }

    /**
     * The blocks of {@code text} in order.
     *
     * @throws IllegalArgumentException if a block's content is not base64
     */
    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            for (String line : m.group(2).split("\r?\n")) {
                String trimmed = line.strip();
                if (trimmed.contains(":")) {
                    encrypted |= trimmed.startsWith("Proc-Type:") && trimmed.contains("ENCRYPTED");
                } else {
                    base64.append(trimmed);
                }
            }
            try {
                blocks.add(new Block(type, encrypted, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + type + " block is not valid base64: " + e.getMessage(), e);
            }
        }
        return blocks;
    }

    /** What {@code blocks} hold, for a message saying it was not what was expected. */
    public static String describe(List<Block> blocks) {
        if (blocks.isEmpty()) {
            return "no PEM block (-----BEGIN ...-----) found";
        }
        return "found only " + String.join(", ", blocks.stream().map(Block::type).distinct().toList())
                + (blocks.size() == 1 ? " block" : " blocks");
    }

    /** One block of {@code type} around {@code der}, 64 characters a line, ending in a newline. */
    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
