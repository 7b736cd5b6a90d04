package io.jevent.bufferevent.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The X.509 certificates in PEM text, with messages that name where the text came from. */
public final class PemCertificates {
    private PemCertificates() {
    }

    /**
     * Every {@code CERTIFICATE} block of {@code blocks}, in order (for a chain: the server's own
     * certificate first, then the intermediates).
     *
     * @param blocks the parsed PEM text
     * @param source the file the text came from, for messages
     * @return at least one certificate
     * @throws IllegalArgumentException if there is no certificate block or one does not parse
     */
    public static List<X509Certificate> read(List<Pem.Block> blocks, String source) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
        for (Pem.Block block : blocks) {
            if (!block.type().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(source + ": certificate " + (certificates.size() + 1)
                        + " does not parse as X.509: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + Pem.describe(blocks)
                    + "; expected -----BEGIN CERTIFICATE-----");
        }
        return certificates;
    }
}
