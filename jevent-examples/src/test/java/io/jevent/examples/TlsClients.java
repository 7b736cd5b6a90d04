package io.jevent.examples;

import io.jevent.bufferevent.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The JDK's TLS client for tests of the TLS examples, trusting the certificate a server names. */
final class TlsClients {
    private static final Pattern CA_FILE = Pattern.compile("--cacert (\\S+)");

    private TlsClients() {
    }

    /** The certificate file a server without {@code --cert} names after its first line. */
    static Path caFile(String note) {
        Matcher m = CA_FILE.matcher(note);
        if (!m.find()) {
            throw new AssertionError("no --cacert FILE in: " + note);
        }
        return Path.of(m.group(1));
    }

    /** A TLS socket to {@code server}, its handshake done, trusting {@code caPem} and checking the name. */
    static SSLSocket connect(InetSocketAddress server, Path caPem) throws IOException {
        SSLContext context = TlsContexts.client(caPem);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(server, 10_000);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** The first flight of a TLS client: a ClientHello, as the JDK would send it. */
    static byte[] clientHello() throws IOException {
        SSLEngine engine = TlsContexts.client().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** Connects, sends {@code bytes}, and closes: a client that gives up or talks nonsense. */
    static void sendAndClose(InetSocketAddress server, byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 10_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
        }
    }
}
