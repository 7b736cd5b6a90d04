package io.jevent.http;

import io.jevent.buffer.EvBuffer;
import io.jevent.http.internal.BadMessage;
import io.jevent.http.internal.ChunkedDecoder;
import io.jevent.http.internal.FieldParser;
import io.jevent.http.internal.Framing;
import io.jevent.http.internal.HeadScanner;
import io.jevent.http.internal.StatusLine;
import java.nio.ByteBuffer;

/**
 * Reads a response from a client connection's input: the status line and fields (strictly, as
 * for requests, with 502 standing for "malformed" and 431 or 413 for "too long"), then the body by
 * its framing into the request's input. Interim (1xx) responses are skipped.
 */
final class ResponseDecoder {
    static final int MORE = 0;
    static final int DONE = 1;

    private final HeadScanner scanner = new HeadScanner();
    private final StatusLine line = new StatusLine();
    private final ChunkedDecoder chunked = new ChunkedDecoder();
    private long length;
    private long read;
    private boolean sawBytes;

    void reset() {
        scanner.reset();
        chunked.reset();
        length = 0;
        read = 0;
        sawBytes = false;
    }

    /** Whether any byte of the response arrived. */
    boolean sawBytes() {
        return sawBytes;
    }

    boolean untilClose() {
        return length == Framing.UNTIL_CLOSE;
    }

    /** Reads the head into {@code req}; {@link #DONE} when a final (non-1xx) head was read. */
    int readHead(EvBuffer in, HttpRequest req, int maxHead) throws BadMessage {
        while (true) {
            long len = in.length();
            if (len == 0) {
                return MORE;
            }
            sawBytes = true;
            ByteBuffer view = in.pullup(Math.min(len, maxHead + 4L));
            int end = scanner.scan(view, maxHead, maxHead, 431);
            if (end == HeadScanner.MORE) {
                return MORE;
            }
            int start = scanner.leadingEmptyLines();
            int lf = start;
            while (view.get(view.position() + lf) != '\n') {
                lf++;
            }
            line.parse(view, start, lf);
            scanner.reset();
            if (line.code < 200) {
                in.drain(end);
                continue;
            }
            req.inputHeaders.clear();
            FieldParser.parse(view, lf + 1, end, req.inputHeaders::addUnchecked, 502);
            in.drain(end);
            req.responseCode = line.code;
            req.responseReason = line.reason;
            req.major = line.major;
            req.minor = line.minor;
            boolean noBody = req.method == HttpMethod.HEAD || line.code == 204 || line.code == 304;
            HttpHeaders h = req.inputHeaders;
            if (noBody) {
                length = 0;
            } else {
                length = Framing.length(h.findAll("Transfer-Encoding"), h.findAll("Content-Length"), false, 502);
                if (length == 0 && h.find("Content-Length") == null) {
                    length = Framing.UNTIL_CLOSE;
                }
            }
            chunked.reset();
            read = 0;
            return DONE;
        }
    }

    /**
     * Moves body bytes to the request's input.
     *
     * @param eof whether the connection ended (completes a body that runs until close)
     * @return {@link #DONE} when the body is complete
     */
    int readBody(EvBuffer in, HttpRequest req, long maxBody, int maxHead, boolean eof) throws BadMessage {
        if (length == Framing.CHUNKED) {
            return chunked.decode(in, req.input, maxBody, maxHead, req.inputHeaders::addUnchecked)
                    == ChunkedDecoder.DONE ? DONE : MORE;
        }
        if (length == Framing.UNTIL_CLOSE) {
            long n = in.length();
            if (maxBody >= 0 && read + n > maxBody) {
                throw new BadMessage(413, "the body is larger than " + maxBody + " bytes");
            }
            read += n;
            in.removeBuffer(req.input, n);
            return eof ? DONE : MORE;
        }
        if (maxBody >= 0 && length > maxBody) {
            throw new BadMessage(413, "the body is larger than " + maxBody + " bytes");
        }
        long n = Math.min(length - read, in.length());
        if (n > 0) {
            in.removeBuffer(req.input, n);
            read += n;
        }
        return read == length ? DONE : MORE;
    }
}
