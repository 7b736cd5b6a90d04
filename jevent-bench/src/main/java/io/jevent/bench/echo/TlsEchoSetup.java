package io.jevent.bench.echo;

import io.jevent.bufferevent.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * What both TLS echo servers and the TLS load agree on: one self-signed certificate (written by the
 * comparison as {@code cert.pem} and {@code key.pem} in one directory) made for one server name,
 * TLS 1.3 only, and one cipher suite, so that the servers differ in nothing but their code. The C
 * load ({@code src/main/c/tls-load.c}) takes the same protocol and suite, the certificate as its
 * only trusted CA, and the server name as SNI and the name to check.
 */
final class TlsEchoSetup {
    static final String PROTOCOL = "TLSv1.3";
    static final String CIPHER = "TLS_AES_128_GCM_SHA256";
    /** The name the certificate is made for and the loads send as SNI. */
    static final String SERVER_NAME = "localhost";

    private TlsEchoSetup() {
    }

    static Path cert(Path dir) {
        return dir.resolve("cert.pem");
    }

    static Path key(Path dir) {
        return dir.resolve("key.pem");
    }

    static SSLContext serverContext(Path dir) throws IOException {
        return TlsContexts.server(cert(dir), key(dir));
    }

    static SSLContext clientContext(Path dir) throws IOException {
        return TlsContexts.client(cert(dir));
    }

    /** Restricts {@code engine} to the one protocol and cipher suite. */
    static SSLEngine restrict(SSLEngine engine) {
        engine.setEnabledProtocols(new String[] {PROTOCOL});
        engine.setEnabledCipherSuites(new String[] {CIPHER});
        return engine;
    }

    static List<String> ciphers() {
        return List.of(CIPHER);
    }
}
