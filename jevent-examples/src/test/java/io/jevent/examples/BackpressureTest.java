package io.jevent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jevent.EventBase;
import io.jevent.bufferevent.BufferEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A client that sends and never reads cannot make {@code rot13} or {@code echo} buffer without limit:
 * the servers stop reading, and what they hold, measured through {@link BufferEventServer}'s hook,
 * stays under the documented bound. Once the client reads, every answer arrives.
 */
class BackpressureTest {
    private static final int MAX_LINE = Rot13.MAX_LINE;

    @Test
    void rot13HoldsAtMostTheWatermarkOfInputAndTwiceItOfAnswers() throws Exception {
        byte[] lines = Rot13ExamplesTest.ascii("a question that is never read back\n".repeat(2000));
        long max = flood(Rot13Example::listen, lines, 2L * MAX_LINE, bytes -> Rot13ExamplesTest.answer(bytes, true));
        assertThat(max).isLessThanOrEqualTo(3L * MAX_LINE);
    }

    @Test
    void echoHoldsAtMostItsPendingLimitAndOneRead() throws Exception {
        byte[] data = Rot13ExamplesTest.letters(64 * 1024, 7);
        long max = flood(EchoExample::listen, data, EchoExample.MAX_PENDING, bytes -> bytes);
        assertThat(max).isLessThanOrEqualTo(EchoExample.MAX_PENDING + BufferEvent.DEFAULT_MAX_SINGLE_READ);
    }

    /**
     * Sends {@code chunk} again and again without reading, until the socket takes no more and the
     * server holds at least {@code saturated} bytes (it is full and waiting); then reads everything
     * back and checks it is {@code expected} of what was sent.
     *
     * @return the most the server held at any sample
     */
    private static long flood(Opener listen, byte[] chunk,
            long saturated, java.util.function.UnaryOperator<byte[]> expected) throws Exception {
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (EventBase base = new EventBase();
                BufferEventServer server = listen.apply(base, Loopback.any(), err)) {
            Thread loop = new Thread(base::dispatch, "server-loop");
            loop.start();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            long max = 0;
            try (SocketChannel client = SocketChannel.open(server.address())) {
                client.configureBlocking(false);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                ByteBuffer pending = ByteBuffer.wrap(chunk);
                while (true) {
                    int n = client.write(pending);
                    sent.write(chunk, pending.position() - n, n);
                    if (!pending.hasRemaining()) {
                        pending.rewind();
                    }
                    long held = onLoop(base, server::bufferedBytes);
                    max = Math.max(max, held);
                    if (n == 0 && held >= saturated) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("the server filled up within 30 s").isLessThan(deadline);
                }
                client.shutdownOutput();
                byte[] want = expected.apply(sent.toByteArray());
                byte[] got = readAll(client, want.length);
                assertThat(got.length).isEqualTo(want.length);
                assertThat(Arrays.mismatch(got, want)).as("the first byte that differs").isEqualTo(-1);
            } finally {
                base.loopExit();
                loop.join(TimeUnit.SECONDS.toMillis(10));
            }
            return max;
        }
    }

    /** {@code EchoExample::listen}, {@code Rot13Example::listen}. */
    @FunctionalInterface
    private interface Opener {
        BufferEventServer apply(EventBase base, Listen listen, PrintStream err);
    }

    private static <T> T onLoop(EventBase base, Supplier<T> question) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        base.execute(() -> answer.complete(question.get()));
        return answer.get(10, TimeUnit.SECONDS);
    }

    private static byte[] readAll(SocketChannel client, int length) throws Exception {
        client.configureBlocking(true);
        client.socket().setSoTimeout(30_000);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        var in = client.socket().getInputStream();
        while (got.size() < length) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            got.write(buffer, 0, n);
        }
        return got.toByteArray();
    }
}
