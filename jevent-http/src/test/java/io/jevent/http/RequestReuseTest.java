package io.jevent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.buffer.EvBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection reuses its request object once a handler replied inside its call: each request
 * still sees only its own target, fields, body and reply state, whatever the one before left.
 */
class RequestReuseTest {

    @Test
    void eachPipelinedRequestSeesOnlyItsOwnTargetFieldsAndBody() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ServerFixture f = new ServerFixture(http -> http.setGenericCallback(req -> {
            seen.add(req.methodName() + " " + req.uri() + " " + req.httpUri().path() + " [" + req.inputHeaders()
                    .toString().replace('\n', ';') + "] out=" + req.outputHeaders().size() + " body="
                    + req.input().length() + " code=" + req.responseCode() + " closed=" + req.isConnectionClosed());
            req.outputHeaders().add("X-Left", "behind");
            req.setCloseCallback(r -> seen.add("close callback of " + r.uri()));
            req.sendReply(200, null, new EvBuffer().add(req.uri(), StandardCharsets.UTF_8));
            seen.add("after reply: " + req.uri() + " " + req.responseCode() + " closed=" + req.isConnectionClosed());
        })); ServerFixture.Client c = f.connect()) {
            c.send("POST /a?x=1 HTTP/1.1\r\nHost: one\r\nX-First: 1\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /b HTTP/1.1\r\nHost: two\r\n\r\n"
                    + "GET /c HTTP/1.1\r\nHost: two\r\nConnection: close\r\n\r\n");
            assertThat(c.readResponse()).endsWith("/a?x=1").contains("X-Left: behind");
            assertThat(c.readResponse()).endsWith("/b");
            assertThat(c.readResponse()).endsWith("/c").contains("Connection: close");
            assertThat(c.closedByServer()).isTrue();
            f.onLoop(() -> null);
        }
        assertThat(seen).containsExactly(
                "POST /a?x=1 /a [Host: one;X-First: 1;Content-Length: 3;] out=0 body=3 code=0 closed=false",
                "after reply: /a?x=1 200 closed=true",
                "GET /b /b [Host: two;] out=0 body=0 code=0 closed=false",
                "after reply: /b 200 closed=true",
                "GET /c /c [Host: two;Connection: close;] out=0 body=0 code=0 closed=false",
                "after reply: /c 200 closed=true");
    }

    @Test
    void aRequestRepliedToLaterKeepsItsOwnFields() throws Exception {
        List<HttpRequest> held = new ArrayList<>();
        try (ServerFixture f = new ServerFixture(http -> http.setGenericCallback(req -> {
            held.add(req);
            req.base().execute(() -> req.sendReply(200, null, new EvBuffer().add(req.uri(), StandardCharsets.UTF_8)));
        })); ServerFixture.Client c = f.connect()) {
            c.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: y\r\n\r\n");
            assertThat(c.readResponse()).endsWith("/first");
            assertThat(c.readResponse()).endsWith("/second");
            assertThat(f.onLoop(() -> held.get(0).uri() + " " + held.get(0).inputHeaders().find("Host") + ", "
                    + held.get(1).uri() + " " + held.get(1).inputHeaders().find("Host")))
                    .isEqualTo("/first x, /second y");
        }
    }
}
