package io.jevent.bufferevent;

import io.jevent.bufferevent.internal.Pem;
import io.jevent.bufferevent.internal.PemCertificates;
import io.jevent.bufferevent.internal.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link SSLContext}s from PEM files, the files OpenSSL, certbot and most servers use, with no
 * keystore and no {@code keytool}. They replace the {@code SSL_CTX} set-up a libevent program does
 * with OpenSSL ({@code SSL_CTX_use_certificate_chain_file}, {@code SSL_CTX_use_PrivateKey_file},
 * {@code SSL_CTX_load_verify_locations}); libevent itself has no counterpart.
 *
 * <pre>{@code
 * SSLContext server = TlsContexts.server(Path.of("fullchain.pem"), Path.of("privkey.pem"));
 * SSLContext client = TlsContexts.client(Path.of("ca.pem"));   // trusts ca.pem only
 * SSLContext web = TlsContexts.client();                       // trusts the JDK's CAs
 * }</pre>
 *
 * <p>Each context offers TLS 1.3 and 1.2. A client context checks the server's certificate chain
 * but not its name: that is the endpoint identification a client turns on for each connection
 * ({@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}), against the host it meant
 * to reach.
 *
 * <p>A file whose content is wrong gives an {@link IllegalArgumentException} that names the file and
 * what was found instead; a file that cannot be read gives the {@link IOException}. All methods may
 * be called from any thread, and the contexts they return are thread-safe.
 */
public final class TlsContexts {
    /** Protects the key inside an in-memory keystore that never leaves this class. */
    private static final char[] STORE_PASSWORD = "jevent".toCharArray();

    private TlsContexts() {
    }

    /**
     * A server context from PEM files: OpenSSL's {@code SSL_CTX_use_certificate_chain_file} and
     * {@code SSL_CTX_use_PrivateKey_file}, and the check {@code SSL_CTX_check_private_key} makes.
     * Any thread.
     *
     * @param certificateChainPem one or more {@code -----BEGIN CERTIFICATE-----} blocks: the
     *     server's certificate first, then its intermediates (certbot's {@code fullchain.pem})
     * @param privateKeyPem the server's unencrypted private key, RSA or EC: PKCS#8
     *     ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1
     *     ({@code BEGIN EC PRIVATE KEY})
     * @return a context for server-side {@code SSLEngine}s and sockets
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if a file holds no certificate or no key, the key is
     *     encrypted (decrypt it with {@code openssl pkcs8 -topk8 -nocrypt}), or the key does not
     *     belong to the first certificate
     */
    public static SSLContext server(Path certificateChainPem, Path privateKeyPem) throws IOException {
        return server(read(certificateChainPem), certificateChainPem.toString(),
                read(privateKeyPem), privateKeyPem.toString());
    }

    /**
     * A server context from PEM text already in memory (from a secret store, say), as
     * {@link #server(Path, Path)} reads it from files. Any thread.
     *
     * @param certificateChainPem the certificate blocks, the server's first
     * @param privateKeyPem the unencrypted private key block
     * @return a context for server-side {@code SSLEngine}s and sockets
     * @throws IllegalArgumentException as {@link #server(Path, Path)} does
     */
    public static SSLContext serverFromPem(String certificateChainPem, String privateKeyPem) {
        return server(certificateChainPem, "the certificate chain PEM", privateKeyPem, "the private key PEM");
    }

    /**
     * A server context for a self-signed certificate, for tests and demos. Any thread.
     *
     * @param certificate the certificate and key to present
     * @return a context for server-side {@code SSLEngine}s and sockets
     */
    public static SSLContext server(SelfSignedCertificate certificate) {
        return server(certificate.privateKey(), List.of(certificate.certificate()));
    }

    /**
     * A client context that trusts only the CA certificates in a PEM file: OpenSSL's
     * {@code SSL_CTX_load_verify_locations} with the default locations left out. A self-signed
     * server certificate is its own CA. Any thread.
     *
     * @param caPem one or more {@code -----BEGIN CERTIFICATE-----} blocks
     * @return a context for client-side {@code SSLEngine}s and sockets
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file holds no certificate
     */
    public static SSLContext client(Path caPem) throws IOException {
        return client(PemCertificates.read(Pem.parse(read(caPem)), caPem.toString()));
    }

    /**
     * A client context that trusts only the CA certificates in PEM text already in memory, as
     * {@link #client(Path)} reads them from a file. Any thread.
     *
     * @param caPem one or more {@code -----BEGIN CERTIFICATE-----} blocks
     * @return a context for client-side {@code SSLEngine}s and sockets
     * @throws IllegalArgumentException if the text holds no certificate
     */
    public static SSLContext clientFromPem(String caPem) {
        return client(PemCertificates.read(Pem.parse(caPem), "the CA PEM"));
    }

    /**
     * A client context that trusts one self-signed certificate, for tests and demos. Any thread.
     *
     * @param trusted the server's certificate, the only one trusted
     * @return a context for client-side {@code SSLEngine}s and sockets
     */
    public static SSLContext client(SelfSignedCertificate trusted) {
        return client(List.of(trusted.certificate()));
    }

    /**
     * A client context that trusts the JDK's CA certificates (its {@code cacerts}, or the
     * {@code javax.net.ssl.trustStore} the JVM was started with): OpenSSL's
     * {@code SSL_CTX_set_default_verify_paths}. Any thread.
     *
     * @return a context for client-side {@code SSLEngine}s and sockets
     */
    public static SSLContext client() {
        return context(null, null);
    }

    private static SSLContext server(String chainPem, String chainSource, String keyPem, String keySource) {
        List<X509Certificate> chain = PemCertificates.read(Pem.parse(chainPem), chainSource);
        PrivateKey key = PemKeys.read(Pem.parse(keyPem), keySource);
        PemKeys.checkMatches(key, chain.get(0), keySource, chainSource);
        return server(key, chain);
    }

    private static SSLContext server(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, STORE_PASSWORD);
            return context(keys, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK refuses the " + key.getAlgorithm() + " key and its "
                    + chain.size() + " certificate(s): " + e.getMessage(), e);
        }
    }

    private static SSLContext client(List<X509Certificate> trusted) {
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return context(null, trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the JDK refuses the CA certificates: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManagerFactory keys, TrustManagerFactory trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no TLS implementation", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty in-memory keystore cannot fail to load", e);
        }
        return store;
    }

    /** Latin-1 decodes any byte, so a stray non-ASCII comment around the blocks cannot fail the read. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
