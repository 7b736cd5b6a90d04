package io.jevent.http;

import io.jevent.EventBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An HttpServer on 127.0.0.1 with its loop on a thread of its own, and raw-socket clients that
 * send exact bytes and read exact answers. Every read has a timeout.
 */
final class ServerFixture implements AutoCloseable {
    final EventBase base = new EventBase();
    final HttpServer server = new HttpServer(base);
    final int port;
    private final Thread loop;

    ServerFixture(Consumer<HttpServer> setup) throws IOException {
        setup.accept(server);
        port = ((InetSocketAddress) server.bind("127.0.0.1", 0).localAddress()).getPort();
        loop = new Thread(base::dispatch, "http-test-loop");
        loop.setDaemon(true);
        loop.start();
    }

    /** Runs {@code task} on the loop and waits for it. */
    <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        base.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    Client connect() throws IOException {
        return new Client(port);
    }

    /** Sends {@code request} on a new connection and reads until the server closes it. */
    String exchange(String request) throws IOException {
        try (Client c = connect()) {
            c.send(request);
            return c.readUntilClose();
        }
    }

    @Override
    public void close() throws Exception {
        base.execute(server::close);
        base.loopExit();
        loop.join(10_000);
        base.close();
    }

    static final class Client implements AutoCloseable {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Everything until the server closes (a reset after its data counts as a close). */
        String readUntilClose() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    buf.write(b, 0, n);
                }
            } catch (java.net.SocketException e) {
                // reset after the reply: what arrived is the answer
            }
            return buf.toString(StandardCharsets.ISO_8859_1);
        }

        /** One response: head, then a body by Content-Length or chunked framing. */
        String readResponse() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed after: " + head);
                }
                head.append((char) c);
            }
            String h = head.toString();
            if (h.startsWith("HTTP/1.1 100")) {
                return h + readResponse();
            }
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            int cl = lower.indexOf("\r\ncontent-length: ");
            StringBuilder body = new StringBuilder();
            if (lower.contains("\r\ntransfer-encoding: chunked")) {
                while (true) {
                    String sizeLine = line();
                    int size = Integer.parseInt(sizeLine.trim(), 16);
                    body.append(sizeLine).append("\r\n");
                    if (size == 0) {
                        body.append(line()).append("\r\n");
                        break;
                    }
                    body.append(new String(in.readNBytes(size + 2), StandardCharsets.ISO_8859_1));
                }
            } else if (cl >= 0 && !h.startsWith("HEAD")) {
                int end = lower.indexOf("\r\n", cl + 2);
                int n = Integer.parseInt(h.substring(cl + 18, end).trim());
                body.append(new String(in.readNBytes(n), StandardCharsets.ISO_8859_1));
            }
            return h + body;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("closed in a line");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        /** Whether the server closed: a read sees EOF (or a reset) within the socket timeout. */
        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.net.SocketException e) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
