package io.jevent.examples;

import io.jevent.EventBase;
import io.jevent.bufferevent.BevOption;
import io.jevent.bufferevent.BufferEvent;
import io.jevent.bufferevent.SelfSignedCertificate;
import io.jevent.bufferevent.TlsContexts;
import io.jevent.bufferevent.TlsState;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The certificate of a TLS server ({@code tls-echo}, {@code http-server --tls}): the PEM files of
 * {@code --cert} and {@code --key}, or else a throw-away self-signed one for the loopback names,
 * made in memory. Its certificate (never its key) goes to a temporary file that the server names,
 * so that {@code curl --cacert} and {@code openssl s_client -CAfile} can trust it; the file is
 * removed when the JVM exits.
 *
 * @param context what accepts the handshakes
 * @param note    the line that says where the throw-away certificate is; null for {@code --cert}
 */
record ServerTls(SSLContext context, String note) {
    /** The options that name the PEM files. */
    static final List<String> OPTIONS = List.of("cert", "key");
    /** Their usage words. */
    static final String USAGE = "[--cert PEM --key PEM]";

    /**
     * Reads {@code --cert} and {@code --key}, or, without them, makes a self-signed certificate
     * when {@code selfSignedOtherwise} (else returns null: the server speaks plain TCP).
     *
     * @throws IOException if a file cannot be read or holds no certificate or key
     * @throws Args.UsageException for one of the two options without the other
     */
    static ServerTls fromArgs(Args args, String name, boolean selfSignedOtherwise) throws IOException {
        String cert = args.string("cert", null);
        String key = args.string("key", null);
        if ((cert == null) != (key == null)) {
            throw new Args.UsageException("--cert and --key go together: give both PEM files");
        }
        if (cert != null) {
            try {
                return new ServerTls(TlsContexts.server(Path.of(cert), Path.of(key)), null);
            } catch (IllegalArgumentException | IOException e) {
                throw new IOException("cannot use --cert " + cert + " --key " + key + ": " + Lifetime.describe(e), e);
            }
        }
        if (!selfSignedOtherwise) {
            return null;
        }
        SelfSignedCertificate made = SelfSignedCertificate.generate();
        Path dir = Files.createTempDirectory("jevent-" + name + "-");
        Path pem = dir.resolve("cert.pem");
        // Deleted in the reverse order of registration: the file, then its directory.
        dir.toFile().deleteOnExit();
        pem.toFile().deleteOnExit();
        Files.writeString(pem, made.certificatePem(), StandardCharsets.US_ASCII);
        return new ServerTls(TlsContexts.server(made), "no --cert/--key: a throw-away self-signed certificate"
                + " for localhost, 127.0.0.1 and ::1; trust it with --cacert " + pem);
    }

    /** The notes a server prints after its first line. */
    List<String> notes() {
        return note == null ? List.of() : List.of(note);
    }

    /** Puts TLS, as the server's side, over an accepted connection. Loop thread. */
    BufferEvent accept(EventBase base, SocketChannel channel) {
        return BufferEvent.tlsSocket(base, channel, context.createSSLEngine(), TlsState.ACCEPTING,
                BevOption.CLOSE_ON_FREE);
    }
}
