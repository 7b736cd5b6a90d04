package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code http-get} against a server that answers badly: nothing at all, or less than it announced.
 * Blocking and {@code --async} agree on the message and the exit code (curl's 52 and 18).
 */
class HttpGetReplyTest {
    private ServerSocketChannel server;
    private final CompletableFuture<String> served = new CompletableFuture<>();

    @BeforeEach
    void listen() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Serves one connection on a thread of its own: reads the request, sends {@code reply}, closes. */
    private String port(String reply) throws IOException {
        Thread t = new Thread(() -> {
            try (SocketChannel c = server.accept()) {
                ByteBuffer in = ByteBuffer.allocate(4096);
                StringBuilder request = new StringBuilder();
                while (request.indexOf("\r\n\r\n") < 0 && c.read(in.clear()) > 0) {
                    request.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
                }
                c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
                served.complete(request.toString());
            } catch (IOException e) {
                served.completeExceptionally(e);
            }
        }, "bad-http-server");
        t.setDaemon(true);
        t.start();
        return String.valueOf(((InetSocketAddress) server.getLocalAddress()).getPort());
    }

    private ExampleRunner httpGet(boolean async, String port) {
        List<String> argv = new ArrayList<>(List.of("http-get", "127.0.0.1", port, "/"));
        if (async) {
            argv.add("--async");
        }
        return ExampleRunner.start(argv.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aServerThatClosesWithoutAByteIsAnEmptyReplyWithExitCode52(boolean async) throws Exception {
        String port = port("");
        ExampleRunner r = httpGet(async, port);
        assertThat(r.awaitExit()).isEqualTo(52);
        assertThat(r.output()).isEmpty();
        assertThat(r.err()).isEqualTo("http-get: 127.0.0.1:" + port + ": Empty reply from server\n");
        assertThat(served.get(30, TimeUnit.SECONDS)).startsWith("GET / HTTP/1.0\r\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBodyShorterThanItsContentLengthIsAPartialReplyWithExitCode18(boolean async) throws Exception {
        String reply = "HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
        String port = port(reply);
        ExampleRunner r = httpGet(async, port);
        assertThat(r.awaitExit()).isEqualTo(18);
        assertThat(r.output()).isEqualTo(reply);
        assertThat(r.err()).isEqualTo("http-get: 127.0.0.1:" + port
                + ": the reply ended 91 bytes short of its Content-Length\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aChunkedBodyWithoutItsLastChunkIsAPartialReply(boolean async) throws Exception {
        String port = port("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        ExampleRunner r = httpGet(async, port);
        assertThat(r.awaitExit()).isEqualTo(18);
        assertThat(r.err()).endsWith(": the reply ended inside its chunked body, before the last chunk\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headersWithoutTheirEndAreAPartialReply(boolean async) throws Exception {
        String port = port("HTTP/1.0 200 OK\r\nContent-Len");
        ExampleRunner r = httpGet(async, port);
        assertThat(r.awaitExit()).isEqualTo(18);
        assertThat(r.err()).endsWith(": the reply ended inside its headers, after 28 bytes\n");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wholeRepliesAreASuccess(boolean async) throws Exception {
        String reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n"
                + "Trailer: yes\r\n\r\n";
        ExampleRunner r = httpGet(async, port(reply));
        assertThat(r.awaitExit()).isZero();
        assertThat(r.output()).isEqualTo(reply);
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReplyWithoutALengthEndsWithTheConnection(boolean async) throws Exception {
        ExampleRunner r = httpGet(async, port("HTTP/1.0 404 Not Found\r\n\r\nno such page"));
        assertThat(r.awaitExit()).isZero();
        assertThat(r.err()).isEmpty();
    }
}
