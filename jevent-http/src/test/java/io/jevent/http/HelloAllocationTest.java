package io.jevent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The hello path allocates nothing per request once warm: bytes allocated by the server's loop
 * thread over many keep-alive requests, counted by HotSpot, not timed, so a loaded machine changes
 * how long this takes but not what it measures.
 */
class HelloAllocationTest {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = ("GET /plaintext HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n"
            + "Accept: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 20_000;
    private static final long MAX_BYTES_PER_REQUEST = 64;

    @Test
    void keepAliveHelloRepliesAllocateUnder64BytesPerRequestOnTheLoopThread() throws Exception {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ServerFixture f = new ServerFixture(s -> s.setGenericCallback(req -> {
            req.outputHeaders().add("Content-Type", "text/plain");
            req.output().add(HELLO);
            req.sendReply(200, "OK", null);
        })); Socket socket = new Socket("127.0.0.1", f.port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            long loopThread = f.onLoop(() -> Thread.currentThread().getId());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            int replyLength = firstReplyLength(in, out);
            byte[] reply = new byte[replyLength];

            exchange(in, out, reply, WARM_UP);
            long before = threads.getThreadAllocatedBytes(loopThread);
            exchange(in, out, reply, MEASURED);
            long after = threads.getThreadAllocatedBytes(loopThread);

            assertTrue(before >= 0 && after >= before, "allocation counting is off: " + before + ", " + after);
            long perRequest = (after - before) / MEASURED;
            assertTrue(perRequest < MAX_BYTES_PER_REQUEST, "the loop thread allocated " + (after - before)
                    + " bytes for " + MEASURED + " requests: " + perRequest + " B/request");
            String text = new String(reply, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n") && text.endsWith("\r\n\r\nHello, World!"), text);
        }
    }

    /** One request, its reply read up to its 13-byte body: every later reply has its length. */
    private static int firstReplyLength(InputStream in, OutputStream out) throws IOException {
        out.write(REQUEST);
        out.flush();
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) c);
        }
        assertTrue(head.indexOf("\r\nContent-Length: 13\r\n") > 0, head.toString());
        assertEquals(HELLO.length, in.readNBytes(HELLO.length).length);
        return head.length() + HELLO.length;
    }

    /** Keep-alive requests one at a time, each reply read whole before the next is sent. */
    private static void exchange(InputStream in, OutputStream out, byte[] reply, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            out.write(REQUEST);
            out.flush();
            if (in.readNBytes(reply, 0, reply.length) != reply.length) {
                throw new IOException("the server closed after " + i + " requests");
            }
        }
    }
}
