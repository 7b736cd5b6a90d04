package io.jevent.examples;

import io.jevent.bufferevent.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The client side of TLS for {@code tls-get} and {@code http-fetch https://}: which certificates it
 * trusts ({@code --cacert PEM}, or the JDK's CAs), and an engine per connection that checks the
 * server's name as a browser does. {@link TlsContexts} checks the chain only; the name check
 * (endpoint identification) and SNI are set here, per connection, for the host the user typed.
 */
final class ClientTls {
    /** curl's exit code for a failed TLS handshake ({@code CURLE_SSL_CONNECT_ERROR}). */
    static final int HANDSHAKE_FAILED = 35;
    /** curl's exit code for a server certificate not accepted ({@code CURLE_PEER_FAILED_VERIFICATION}). */
    static final int CERTIFICATE_REJECTED = 60;

    private ClientTls() {
    }

    /**
     * @param caPem the {@code --cacert} file, or null for the JDK's default trust
     * @throws IOException if the file cannot be read or holds no certificate
     */
    static SSLContext context(String caPem) throws IOException {
        if (caPem == null) {
            return TlsContexts.client();
        }
        try {
            return TlsContexts.client(Path.of(caPem));
        } catch (IllegalArgumentException | IOException e) {
            throw new IOException("cannot use --cacert " + caPem + ": " + Lifetime.describe(e), e);
        }
    }

    /** A client engine for {@code host}: SNI for a name, and the certificate must name {@code host}. */
    static SSLEngine engine(SSLContext context, String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            // The JDK sends SNI by itself only for names with a dot; "localhost" needs it too.
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Why the server's certificate was not accepted, if that is why the handshake failed; else null.
     * Its message is the one to show: the handshake exception's own says the same, but JDK 24 and
     * later put the TLS alert before it ("(certificate_unknown) PKIX path building failed ...").
     */
    static CertificateException certificateRejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return (CertificateException) t;
            }
        }
        return null;
    }

    static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
