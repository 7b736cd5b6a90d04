package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Feeds every raw request of {@link RawRequests} to jevent's parser and to Netty's
 * {@code HttpRequestDecoder} (4.2, default settings) and compares what each accepts. Every case
 * where they disagree is listed below with the reason; the test fails on a new disagreement, and on
 * a listed one that went away, so the list stays true.
 */
class NettyDifferentialTest {
    /** Where jevent and Netty disagree, and why jevent's answer is the one RFC 9112 asks for. */
    /** Where jevent and Netty disagree, and why; the test fails if this list stops being exact. */
    private static final Map<String, String> EXPLAINED = new TreeMap<>(Map.ofEntries(
            Map.entry("lf-line-endings", "RFC 9112 2.2 lets a recipient accept a bare LF as a line end; jevent does, as libevent and most servers do (curl, nc users). Netty 4.2 refuses it. Not a smuggling risk: a bare LF ends a line for jevent everywhere, and a bare CR is refused"),
            Map.entry("content-length-repeated-equal", "RFC 9110 8.6 lets a recipient read identical repeated values as one; Netty refuses them"),
            Map.entry("content-length-list-equal", "RFC 9110 8.6 lets a recipient read a list of identical values as one; Netty refuses it"),
            Map.entry("unknown-method", "jevent answers 501 to a method it does not implement (RFC 9110 9.1, as libevent); Netty passes any token on"),
            Map.entry("missing-host-http11", "RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host; Netty leaves it to the application"),
            Map.entry("two-hosts", "RFC 9112 3.2: more than one Host MUST get 400; Netty does not check"),
            Map.entry("invalid-host", "RFC 9112 3.2: an invalid Host MUST get 400; Netty does not check"),
            Map.entry("cl-te", "RFC 9112 6.1 lets a server either refuse both framings or drop Content-Length and close after the reply. Netty drops it and reads on, so the bytes after the chunked body become a second request (GET /smuggled) if the application keeps the connection; jevent refuses the message"),
            Map.entry("te-cl", "the same vector with the fields in the other order: Netty reads the chunked body, jevent refuses the message"),
            Map.entry("te-gzip-only", "RFC 9112 6.3: Transfer-Encoding whose last coding is not chunked leaves the length unknown: 400. Netty reads no body and goes on, so the body would be read as the next request"),
            Map.entry("te-chunked-not-last", "RFC 9112 6.3: chunked must be last, else 400; Netty waits for more"),
            Map.entry("te-chunked-twice", "RFC 9112 7: chunked MUST NOT be applied twice; Netty accepts it"),
            Map.entry("te-gzip-then-chunked", "jevent decodes no coding but chunked and says so with 501 (RFC 9112 6.1); Netty de-chunks and leaves gzip to a later handler"),
            Map.entry("te-in-http10", "RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing; jevent refuses it, Netty de-chunks it"),
            Map.entry("chunk-size-leading-space", "RFC 9112 7.1 allows no white space before a chunk size; Netty trims it, a known gap between parsers"),
            Map.entry("chunk-size-trailing-space", "white space after a chunk size (outside an extension): jevent refuses, Netty trims"),
            Map.entry("chunk-size-overflow", "a chunk size of 2^64+1: Netty wraps it to 1 and reads one byte, a smuggling vector; jevent refuses sizes over 16 hex digits or 2^63-1"),
            Map.entry("obs-fold", "RFC 9112 5.2 lets a server refuse obsolete line folding with 400, and jevent does; Netty unfolds it"),
            Map.entry("lowercase-version", "the version is case-sensitive (RFC 9112 2.3); Netty accepts http/1.1"),
            Map.entry("http2-version", "jevent answers 505 (RFC 9110 15.6.6) to a version it does not speak over HTTP/1 framing; Netty reads it as HTTP/1.1"),
            Map.entry("http09-version", "jevent answers 505 to HTTP/0.9; Netty reads it as an HTTP/1 request"),
            Map.entry("double-space", "RFC 9112 3: one space between the parts; Netty skips runs of white space"),
            Map.entry("tab-separator", "RFC 9112 3: one space between the parts; Netty splits on any white space"),
            Map.entry("control-char-in-target", "jevent refuses control characters in the target; Netty drops them silently (GET /ab)"),
            Map.entry("trace-with-body", "RFC 9110 9.3.8: a TRACE request cannot have content; jevent refuses it, Netty reads it")));

    @Test
    void everyDisagreementWithNettyIsExplained() {
        Map<String, String> disagreements = new TreeMap<>();
        StringBuilder report = new StringBuilder();
        RawRequests.CASES.forEach((name, raw) -> {
            List<String> ours = RawRequests.jevent(raw);
            List<String> theirs = netty(raw);
            boolean weAccept = !ours.get(ours.size() - 1).startsWith("reject");
            boolean theyAccept = !theirs.get(theirs.size() - 1).startsWith("reject");
            if (weAccept != theyAccept || weAccept && !ours.equals(theirs)) {
                disagreements.put(name, "jevent " + ours + " / netty " + theirs);
                report.append(name).append(": jevent ").append(ours).append(" / netty ").append(theirs).append('\n');
            }
        });
        System.out.print(report);
        assertThat(disagreements.keySet()).as(report.toString()).isEqualTo(EXPLAINED.keySet());
    }

    /** What Netty's decoder makes of the bytes, in {@link RawRequests#jevent}'s terms. */
    static List<String> netty(String raw) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(raw.getBytes(StandardCharsets.ISO_8859_1)));
        List<String> out = new ArrayList<>();
        String method = null;
        String uri = null;
        StringBuilder body = new StringBuilder();
        Object msg;
        boolean failed = false;
        while ((msg = ch.readInbound()) != null) {
            try {
                if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                    failed = true;
                }
                if (msg instanceof io.netty.handler.codec.http.HttpRequest r) {
                    method = r.method().name();
                    uri = r.uri();
                    body.setLength(0);
                }
                if (msg instanceof HttpContent c) {
                    body.append(c.content().toString(StandardCharsets.ISO_8859_1));
                }
                if (msg instanceof LastHttpContent && !failed && method != null) {
                    out.add(RawRequests.describe(method, uri, body.toString()));
                    method = null;
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            if (failed) {
                break;
            }
        }
        ch.finishAndReleaseAll();
        if (failed) {
            out.add("reject");
        } else if (method != null || out.isEmpty()) {
            out.add("incomplete");
        }
        return out;
    }
}
