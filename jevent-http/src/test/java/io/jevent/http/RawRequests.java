package io.jevent.http;

import io.jevent.buffer.EvBuffer;
import io.jevent.http.internal.BadMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw requests, valid and malformed (including known request smuggling vectors), and how jevent's
 * parser reads them in memory: the requests it accepts, in order, then the status it refuses the
 * rest with. The same bytes a server would read from a socket, without the socket.
 */
final class RawRequests {
    static final String H = "Host: a\r\n";

    /** name -> bytes; the names say what each case is. */
    static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        // valid
        c("get", "GET / HTTP/1.1\r\n" + H + "\r\n");
        c("get-query", "GET /a/b?c=d&e=%41 HTTP/1.1\r\n" + H + "\r\n");
        c("post-content-length", "POST /p HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello");
        c("post-chunked", "POST /p HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        c("chunked-upper-case", "POST /p HTTP/1.1\r\n" + H + "Transfer-Encoding: Chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n");
        c("chunk-extension", "POST /p HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n0\r\n\r\n");
        c("chunk-trailer", "POST /p HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nX-T: 1\r\n\r\n");
        c("pipelined", "GET /1 HTTP/1.1\r\n" + H + "\r\nGET /2 HTTP/1.1\r\n" + H + "\r\n");
        c("lf-line-endings", "GET / HTTP/1.1\n" + "Host: a\n\n");
        c("http10-without-host", "GET / HTTP/1.0\r\n\r\n");
        c("leading-empty-line", "\r\nGET / HTTP/1.1\r\n" + H + "\r\n");
        c("absolute-form", "GET http://a/x HTTP/1.1\r\n" + H + "\r\n");
        c("options-asterisk", "OPTIONS * HTTP/1.1\r\n" + H + "\r\n");
        c("value-with-tab-and-obs-text", "GET / HTTP/1.1\r\n" + H + "X: a\tb \u00e9\r\n\r\n");
        c("content-length-repeated-equal", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nx");
        c("content-length-list-equal", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1, 1\r\n\r\nx");
        c("http11-minor-above-1", "GET / HTTP/1.2\r\n" + H + "\r\n");
        c("unknown-method", "BREW /pot HTTP/1.1\r\n" + H + "\r\n");
        c("missing-host-http11", "GET / HTTP/1.1\r\n\r\n");
        c("two-hosts", "GET / HTTP/1.1\r\n" + H + H + "\r\n");
        c("invalid-host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n");
        // smuggling: framing
        c("cl-te", "POST / HTTP/1.1\r\n" + H + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\n" + H + "\r\n");
        c("te-cl", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n");
        c("content-length-differ", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nxy");
        c("content-length-list-differ", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1, 2\r\n\r\nxy");
        c("content-length-plus", "POST / HTTP/1.1\r\n" + H + "Content-Length: +1\r\n\r\nx");
        c("content-length-negative", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n");
        c("content-length-hex", "POST / HTTP/1.1\r\n" + H + "Content-Length: 0x1\r\n\r\nx");
        c("content-length-inner-space", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1 0\r\n\r\n0123456789");
        c("content-length-empty", "POST / HTTP/1.1\r\n" + H + "Content-Length: \r\n\r\n");
        c("content-length-overflow", "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999999999999999\r\n\r\n");
        c("te-gzip-only", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n");
        c("te-chunked-not-last", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n");
        c("te-chunked-twice", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n");
        c("te-gzip-then-chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
        c("te-xchunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n");
        c("te-space-before-colon", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n");
        c("te-tab-before-colon", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n");
        c("te-folded", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n");
        c("te-in-http10", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        // smuggling: chunk sizes
        c("chunk-size-plus", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n+1\r\nx\r\n0\r\n\r\n");
        c("chunk-size-minus", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n");
        c("chunk-size-0x", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n0x1\r\nx\r\n0\r\n\r\n");
        c("chunk-size-leading-space", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n 1\r\nx\r\n0\r\n\r\n");
        c("chunk-size-trailing-space", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n1 \r\nx\r\n0\r\n\r\n");
        c("chunk-size-overflow", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                + "10000000000000001\r\nx\r\n0\r\n\r\n");
        c("chunk-data-too-long", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n");
        c("chunk-size-empty", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n\r\nx\r\n0\r\n\r\n");
        // header syntax
        c("obs-fold", "GET / HTTP/1.1\r\n" + H + "X: a\r\n b\r\n\r\n");
        c("empty-header-name", "GET / HTTP/1.1\r\n" + H + ": x\r\n\r\n");
        c("invalid-header-name", "GET / HTTP/1.1\r\n" + H + "X(Y): 1\r\n\r\n");
        c("space-in-header-name", "GET / HTTP/1.1\r\n" + H + "X Y: 1\r\n\r\n");
        c("header-without-colon", "GET / HTTP/1.1\r\n" + H + "Xyz\r\n\r\n");
        c("nul-in-value", "GET / HTTP/1.1\r\n" + H + "X: a\u0000b\r\n\r\n");
        c("bare-cr-in-value", "GET / HTTP/1.1\r\n" + H + "X: a\rb\r\n\r\n");
        c("control-char-in-value", "GET / HTTP/1.1\r\n" + H + "X: a\u0001b\r\n\r\n");
        c("bare-cr-line-ending", "GET / HTTP/1.1\r" + H + "\r\n");
        // request line
        c("lowercase-version", "GET / http/1.1\r\n" + H + "\r\n");
        c("version-garbage", "GET / HTTP/1.1x\r\n" + H + "\r\n");
        c("version-short", "GET / HTTP/1\r\n" + H + "\r\n");
        c("http2-version", "GET / HTTP/2.0\r\n" + H + "\r\n");
        c("http09-version", "GET / HTTP/0.9\r\n" + H + "\r\n");
        c("no-version", "GET /\r\n" + H + "\r\n");
        c("double-space", "GET  / HTTP/1.1\r\n" + H + "\r\n");
        c("tab-separator", "GET\t/ HTTP/1.1\r\n" + H + "\r\n");
        c("control-char-in-target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n");
        c("invalid-method-char", "G(T / HTTP/1.1\r\n" + H + "\r\n");
        c("trace-with-body", "TRACE / HTTP/1.1\r\n" + H + "Content-Length: 1\r\n\r\nx");
    }

    private static void c(String name, String raw) {
        CASES.put(name, raw);
    }

    /** What a parser made of a case: the accepted requests, then "reject STATUS" if it refused one. */
    static List<String> jevent(String raw) {
        EvBuffer in = new EvBuffer().add(raw.getBytes(StandardCharsets.ISO_8859_1));
        RequestDecoder decoder = new RequestDecoder();
        List<String> out = new ArrayList<>();
        try {
            while (in.length() > 0) {
                decoder.reset();
                HttpRequest req = new HttpRequest(null, null, null);
                if (decoder.readHead(in, req, 8192, 16384) == RequestDecoder.MORE) {
                    out.add("incomplete");
                    break;
                }
                if (decoder.readBody(in, req, 1 << 20, 16384) == RequestDecoder.MORE) {
                    out.add("incomplete");
                    break;
                }
                out.add(describe(req.methodName, req.uri, new String(req.input().pullup(-1) == null ? new byte[0]
                        : bytes(req.input()), StandardCharsets.ISO_8859_1)));
            }
        } catch (BadMessage e) {
            out.add("reject " + e.status());
        }
        return out;
    }

    static String describe(String method, String uri, String body) {
        return method + " " + uri + " body=" + body;
    }

    private static byte[] bytes(EvBuffer b) {
        byte[] a = new byte[(int) b.length()];
        b.copyOut(a);
        return a;
    }
}
