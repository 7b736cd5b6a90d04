package io.jevent.examples;

import java.util.Locale;

/**
 * Watches the bytes of an HTTP response go by, without keeping them, to tell at the end of the
 * connection whether the whole response arrived: {@code http-get}'s check. A response is whole
 * when its headers ended and then its body did: after {@code Content-Length} bytes, at the last
 * chunk of a chunked body, or, with neither, at the end of the connection (HTTP/1.0's way).
 *
 * <p>Like curl, no byte at all is an empty reply (curl's exit code 52), and a response cut short
 * is a partial one (curl's exit code 18).
 */
final class ReplyCheck {
    /** The exit code for a connection that closed without a byte, as curl's. */
    static final int EMPTY = 52;
    /** The exit code for a response cut short, as curl's. */
    static final int PARTIAL = 18;
    /** More header bytes than this are not looked at; the response is taken as it comes. */
    private static final int MAX_HEAD = 64 * 1024;

    private enum State { HEAD, BODY_LENGTH, BODY_TO_EOF, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, DONE }

    private State state = State.HEAD;
    private final StringBuilder head = new StringBuilder();
    /** The chunk-size line or trailer line being read. */
    private final StringBuilder line = new StringBuilder();
    private long total;
    /** Bytes still due: of the body with a Content-Length, or of the current chunk. */
    private long remaining;

    /** Looks at the next {@code n} bytes of the response. */
    void feed(byte[] bytes, int off, int n) {
        total += n;
        for (int i = off; i < off + n && state != State.DONE; i++) {
            byte b = bytes[i];
            switch (state) {
                case HEAD -> head(b);
                case BODY_LENGTH, CHUNK_DATA -> {
                    long take = Math.min(remaining, off + n - i);
                    remaining -= take;
                    i += (int) take - 1;
                    if (remaining == 0) {
                        state = state == State.BODY_LENGTH ? State.DONE : State.CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    if (b == '\n') {
                        state = State.CHUNK_SIZE;
                    }
                }
                case CHUNK_SIZE -> chunkSize(b);
                case TRAILER -> trailer(b);
                default -> i = off + n;   // BODY_TO_EOF: nothing to count
            }
        }
    }

    /**
     * What is wrong with the response now that the connection has ended.
     *
     * @return null if it is whole, else a one-line reason; {@link #exitCode()} says how to exit
     */
    String problem() {
        if (total == 0) {
            return "Empty reply from server";
        }
        return switch (state) {
            case DONE, BODY_TO_EOF -> null;
            case HEAD -> "the reply ended inside its headers, after " + total + " bytes";
            case BODY_LENGTH -> "the reply ended " + remaining + " bytes short of its Content-Length";
            default -> "the reply ended inside its chunked body, before the last chunk";
        };
    }

    /** @return 0 if whole, {@link #EMPTY} or {@link #PARTIAL} */
    int exitCode() {
        return problem() == null ? 0 : total == 0 ? EMPTY : PARTIAL;
    }

    private void head(byte b) {
        head.append((char) (b & 0xff));
        int n = head.length();
        boolean ended = n >= 2 && head.charAt(n - 1) == '\n'
                && (head.charAt(n - 2) == '\n' || n >= 3 && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n');
        if (ended) {
            startBody(head.toString());
        } else if (n > MAX_HEAD) {
            state = State.BODY_TO_EOF;
        }
    }

    /** Decides from the headers how the body ends. */
    private void startBody(String headers) {
        String[] lines = headers.split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        int code = status.length > 1 && status[1].matches("\\d{3}") ? Integer.parseInt(status[1]) : 200;
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                chunked = true;
            } else if (name.equals("content-length") && value.matches("\\d{1,18}")) {
                length = Long.parseLong(value);
            }
        }
        if (code / 100 == 1 || code == 204 || code == 304) {
            state = State.DONE;   // no body, whatever the headers say
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (length >= 0) {
            remaining = length;
            state = length == 0 ? State.DONE : State.BODY_LENGTH;
        } else {
            state = State.BODY_TO_EOF;
        }
        head.setLength(0);
    }

    private void chunkSize(byte b) {
        if (b != '\n') {
            line.append((char) (b & 0xff));
            return;
        }
        String size = line.toString().split(";", 2)[0].trim();
        line.setLength(0);
        long n;
        try {
            n = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            state = State.BODY_TO_EOF;   // not a chunk size: take the rest as it comes
            return;
        }
        remaining = n;
        state = n == 0 ? State.TRAILER : State.CHUNK_DATA;
    }

    private void trailer(byte b) {
        if (b != '\n') {
            line.append((char) (b & 0xff));
            return;
        }
        boolean empty = line.toString().trim().isEmpty();
        line.setLength(0);
        if (empty) {
            state = State.DONE;
        }
    }
}
