package io.jevent.bufferevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Client-side steps the TLS context tests share: connecting as a careful client does, and a ping. */
final class TlsHandshakes {
    private static final int TIMEOUT_MILLIS = 20_000;

    private TlsHandshakes() {
    }

    /**
     * A client socket to 127.0.0.1:{@code port} that checks the server's certificate against
     * {@code host} (HTTPS endpoint identification) and sends it as SNI, with the handshake done.
     */
    static SSLSocket connect(SSLContext context, String host, int port, String... protocols) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        plain.setSoTimeout(TIMEOUT_MILLIS);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        try {
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** The server's side of {@link #ping}: answers one line with "pong". */
    static void pong(SSLSocket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).isEqualTo("ping");
        OutputStream out = socket.getOutputStream();
        out.write("pong\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends "ping" over an established connection and checks the answer. */
    static void ping(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(in.readLine()).isEqualTo("pong");
    }
}
