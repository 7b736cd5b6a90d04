package io.jevent.examples;

import io.jevent.Ev;
import io.jevent.EventBase;
import io.jevent.bufferevent.BevEvent;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SocketBufferEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The async I/O introduction's first program: a blocking HTTP/1.0 client that sends {@code GET PATH} and prints the
 * whole response, status line and headers included. Every call blocks: the lookup, the connect, the
 * send, each receive. With {@code --async} the same request goes through a {@link SocketBufferEvent}
 * and {@link SocketBufferEvent#connectHostname}, and nothing blocks the loop: the lookup runs on
 * another thread, and the loop is free for other work meanwhile (here there is none).
 *
 * <p>Both give up after {@link #TIMEOUT} without progress, and both exit with code 1, saying why, if
 * the name does not resolve or the connection fails. A reply that is empty (the server closed
 * without a byte) or cut short (fewer bytes than its {@code Content-Length}, a chunked body without
 * its last chunk, headers without their end) is an error too, said in one line, with curl's exit
 * codes: {@value ReplyCheck#EMPTY} and {@value ReplyCheck#PARTIAL} ({@link ReplyCheck}).
 */
final class HttpGetExample extends Example {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    HttpGetExample() {
        super("http-get HOST [PORT] [PATH] [--async]",
                "the async I/O introduction's HTTP/1.0 client: blocking, or on a SocketBufferEvent (--async);"
                + " prints the response",
                List.of(),
                List.of("async"));
    }

    @Override
    int run(Args args, PrintStream out, PrintStream err) {
        String host = args.word(0, "HOST", null, 3);
        int port = Args.number("PORT", args.word(1, "PORT", "80", 3), 1, 65535);
        String path = args.word(2, "PATH", "/", 3);
        if (!path.startsWith("/")) {
            throw new Args.UsageException("PATH must start with /: " + path);
        }
        // HTTP/1.0 ends the response by closing the connection, so "read until EOF" is the whole protocol.
        byte[] request = ("GET " + path + " HTTP/1.0\r\nHost: " + (port == 80 ? host : host + ":" + port)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ReplyCheck reply = new ReplyCheck();
        String failure = args.flag("async") ? async(host, port, request, out, reply)
                : blocking(host, port, request, out, reply);
        out.flush();
        if (failure != null) {
            err.println("http-get: " + host + ":" + port + ": " + failure);
            return 1;
        }
        if (reply.problem() != null) {
            err.println("http-get: " + host + ":" + port + ": " + reply.problem());
            return reply.exitCode();
        }
        return 0;
    }

    /** @return null once the server ended the connection, or why it failed */
    private static String blocking(String host, int port, byte[] request, PrintStream out, ReplyCheck reply) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return why(e);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(request);
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
                reply.feed(chunk, 0, n);
            }
            return null;
        } catch (IOException e) {
            return why(e);
        }
    }

    /** @return null once the server ended the connection, or why it failed */
    private static String async(String host, int port, byte[] request, PrintStream out, ReplyCheck reply) {
        String[] failure = {null};
        try (EventBase base = new EventBase()) {
            SocketBufferEvent bev = BufferEvent.socket(base, null, BevOption.CLOSE_ON_FREE);
            byte[] chunk = new byte[16 * 1024];
            bev.setCallbacks(b -> {
                for (int n; (n = b.read(chunk)) > 0; ) {
                    out.write(chunk, 0, n);
                    reply.feed(chunk, 0, n);
                }
            }, null, (b, events) -> {
                if ((events & BevEvent.CONNECTED) != 0) {
                    return;
                }
                if ((events & BevEvent.TIMEOUT) != 0) {
                    failure[0] = "no progress in " + TIMEOUT.toSeconds() + " s";
                } else if ((events & BevEvent.ERROR) != 0) {
                    failure[0] = why(b.lastError());
                }
                b.close();   // EOF: all the server will send (ReplyCheck says if it is whole); the loop returns
            });
            bev.setTimeouts(TIMEOUT, TIMEOUT);
            bev.enable(Ev.READ | Ev.WRITE);
            bev.write(request);   // queued: sent once connected
            bev.connectHostname(host, port);
            base.dispatch();
        }
        return failure[0];
    }

    private static String why(IOException e) {
        return (e instanceof UnknownHostException ? "cannot resolve the name: " : "") + Lifetime.describe(e);
    }
}
