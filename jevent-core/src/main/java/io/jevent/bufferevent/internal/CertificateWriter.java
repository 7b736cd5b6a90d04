package io.jevent.bufferevent.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The DER of a self-signed X.509 v3 certificate (RFC 5280), built field by field and signed with
 * the JDK's {@link java.security.Signature}.
 *
 * <p>The extensions are those {@code openssl req -x509} gives, so that OpenSSL, curl and the JDK
 * all accept the certificate both as the server's and as the trust anchor a client loads:
 * basicConstraints CA (critical), keyUsage with keyCertSign beside the TLS server's bits,
 * extendedKeyUsage serverAuth and clientAuth, subjectAltName (what a client checks the host
 * name against; the common name is only a label), and a subject key identifier.
 */
public final class CertificateWriter {
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    /** RFC 5280's upper bound on a common name. */
    private static final int COMMON_NAME_MAX = 64;

    private CertificateWriter() {
    }

    /**
     * A certificate for {@code keys.getPublic()}, issued and signed by itself.
     *
     * @param keys an EC or RSA key pair
     * @param commonName the subject's and issuer's common name
     * @param dnsNames the subjectAltName dNSName entries
     * @param addresses the subjectAltName iPAddress entries
     * @param notBefore the start of validity
     * @param notAfter the end of validity
     * @param serial a positive serial number, at most 20 bytes
     * @return the certificate's DER
     * @throws GeneralSecurityException if the JDK cannot sign with the key
     */
    public static byte[] selfSigned(KeyPair keys, String commonName, List<String> dnsNames,
            List<InetAddress> addresses, Instant notBefore, Instant notAfter, BigInteger serial)
            throws GeneralSecurityException {
        boolean rsa = keys.getPublic().getAlgorithm().equals("RSA");
        String signing = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        // RSA's identifier carries explicit NULL parameters; ECDSA's carries none (RFC 4055, RFC 5758).
        byte[] algorithm = rsa ? Der.sequence(Der.oid(SHA256_WITH_RSA), Der.nullValue())
                : Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] name = name(commonName.length() <= COMMON_NAME_MAX ? commonName : "jevent self-signed");
        byte[] publicKeyInfo = keys.getPublic().getEncoded();
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(serial),
                algorithm,
                name,
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name,
                publicKeyInfo,
                Der.explicit(3, Der.sequence(
                        extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))),
                        extension(KEY_USAGE, true, keyUsage(rsa)),
                        extension(EXTENDED_KEY_USAGE, false,
                                Der.sequence(Der.oid(SERVER_AUTH), Der.oid(CLIENT_AUTH))),
                        extension(SUBJECT_ALT_NAME, false, subjectAltName(dnsNames, addresses)),
                        extension(SUBJECT_KEY_IDENTIFIER, false,
                                Der.octetString(keyIdentifier(publicKeyInfo))))));
        Signature signer = Signature.getInstance(signing);
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        return Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /**
     * digitalSignature (bit 0) signs the TLS handshake; keyEncipherment (bit 2) lets TLS 1.2's
     * RSA key exchange use an RSA key; keyCertSign (bit 5) lets the certificate be its own issuer.
     */
    private static byte[] keyUsage(boolean rsa) {
        int bits = 0x80 | 0x04 | (rsa ? 0x20 : 0);
        int unused = 2; // the last bit set is bit 5: the two low bits of the byte are unused
        return Der.tlv(Der.BIT_STRING, new byte[] {(byte) unused, (byte) bits});
    }

    private static byte[] subjectAltName(List<String> dnsNames, List<InetAddress> addresses) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (String dns : dnsNames) {
            names.writeBytes(Der.implicit(2, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        for (InetAddress address : addresses) {
            names.writeBytes(Der.implicit(7, address.getAddress()));
        }
        return Der.tlv(Der.SEQUENCE, names.toByteArray());
    }

    /** RFC 5280 4.2.1.2 method (1): the SHA-1 of the subjectPublicKey bits. */
    private static byte[] keyIdentifier(byte[] publicKeyInfo) throws GeneralSecurityException {
        DerReader info = new DerReader(publicKeyInfo).enter(Der.SEQUENCE);
        info.skip();
        byte[] bits = info.read(Der.BIT_STRING);
        return MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(bits, 1, bits.length));
    }
}
