package io.jevent.bufferevent;

import static io.jevent.LoopRunner.runUntil;

import io.jevent.EventBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSLContexts for tests, from {@code tls-test.p12} beside this class: a self-signed certificate for
 * {@code localhost} and 127.0.0.1 ("server"), and another self-signed one ("other") that a client
 * can trust instead, to see a bad certificate refused. Both are valid for 100 years; the store was
 * made once with the JDK's keytool (EC P-256, password "changeit"):
 *
 * <pre>
 * keytool -genkeypair -keystore tls-test.p12 -storetype PKCS12 -storepass changeit -alias server \
 *     -keyalg EC -groupname secp256r1 -dname "CN=localhost, O=jevent tests" \
 *     -ext "SAN=dns:localhost,ip:127.0.0.1" -startdate -1d -validity 36500
 * keytool -genkeypair -keystore tls-test.p12 -storetype PKCS12 -storepass changeit -alias other \
 *     -keyalg EC -groupname secp256r1 -dname "CN=Another test CA, O=jevent tests" -ext bc:c \
 *     -startdate -1d -validity 36500
 * </pre>
 */
final class TestTls {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final KeyStore STORE = load();
    static final SSLContext SERVER = serverContext();
    static final SSLContext CLIENT = clientContext("server");
    /** A client that trusts only the other certificate: the server's is a bad one to it. */
    static final SSLContext CLIENT_TRUSTING_OTHER = clientContext("other");

    private TestTls() {
    }

    private static KeyStore load() {
        try (InputStream in = TestTls.class.getResourceAsStream("tls-test.p12")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext serverContext() {
        try {
            KeyStore only = KeyStore.getInstance("PKCS12");
            only.load(null, null);
            only.setKeyEntry("server", STORE.getKey("server", PASSWORD), PASSWORD,
                    STORE.getCertificateChain("server"));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(only, PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext clientContext(String trusted) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            Certificate cert = STORE.getCertificate(trusted);
            trust.setCertificateEntry(trusted, cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client engine for "localhost" that checks the server's name, with only these protocols. */
    static SSLEngine clientEngine(SSLContext ctx, String... protocols) {
        SSLEngine engine = ctx.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            p.setProtocols(protocols);
        }
        engine.setSSLParameters(p);
        return engine;
    }

    static SSLEngine clientEngine(String... protocols) {
        return clientEngine(CLIENT, protocols);
    }

    static SSLEngine serverEngine(String... protocols) {
        SSLEngine engine = SERVER.createSSLEngine();
        engine.setUseClientMode(false);
        if (protocols.length > 0) {
            engine.setEnabledProtocols(protocols);
        }
        return engine;
    }

    /** Runs the loop until both ends reported CONNECTED, then leaves them without callbacks. */
    static void handshake(EventBase base, BufferEvent a, BufferEvent b) {
        int[] connected = new int[2];
        a.setCallbacks(null, null, (x, what) -> {
            if ((what & BevEvent.CONNECTED) != 0) {
                connected[0]++;
            } else {
                throw new AssertionError("client: " + BevEvent.toString(what), x.lastError());
            }
        });
        b.setCallbacks(null, null, (x, what) -> {
            if ((what & BevEvent.CONNECTED) != 0) {
                connected[1]++;
            } else {
                throw new AssertionError("server: " + BevEvent.toString(what), x.lastError());
            }
        });
        runUntil(base, () -> connected[0] == 1 && connected[1] == 1);
        a.setCallbacks(null, null, null);
        b.setCallbacks(null, null, null);
    }
}
