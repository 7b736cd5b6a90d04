package io.jevent.bufferevent.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;

/**
 * An unencrypted private key in PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}), or one of OpenSSL's
 * "traditional" forms, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE
 * KEY}), which {@code openssl genrsa -traditional} and {@code openssl ecparam -genkey} still write.
 * The JDK reads PKCS#8 only, so a traditional key is wrapped into PKCS#8 here: the wrapping only
 * adds the algorithm identifier the traditional form leaves implicit.
 */
public final class PemKeys {
    static final String RSA = "1.2.840.113549.1.1.1";
    static final String EC = "1.2.840.10045.2.1";
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            RSA, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC, "EC",
            "1.3.101.112", "EdDSA",
            "1.3.101.113", "EdDSA");
    private static final String DECRYPT = "decrypt it first: openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY-plain.pem";

    private PemKeys() {
    }

    /**
     * The one private key in {@code blocks}.
     *
     * @param blocks the parsed PEM text
     * @param source the file the text came from, for messages
     * @return the key
     * @throws IllegalArgumentException if there is no key, more than one, an encrypted one, or one
     *     this JDK cannot read
     */
    public static PrivateKey read(List<Pem.Block> blocks, String source) {
        Pem.Block key = null;
        for (Pem.Block block : blocks) {
            switch (block.type()) {
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException(source + ": holds more than one private key; keep only the server's");
                    }
                    key = block;
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        source + ": the private key is encrypted, and only unencrypted keys are read; " + DECRYPT);
                default -> {
                    // Other blocks (EC PARAMETERS before a SEC1 key, a certificate beside the key) are not the key.
                }
            }
        }
        if (key == null) {
            throw new IllegalArgumentException(source + ": " + Pem.describe(blocks)
                    + "; expected -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY, EC PRIVATE KEY)");
        }
        if (key.encrypted()) {
            throw new IllegalArgumentException(
                    source + ": the " + key.type() + " is encrypted, and only unencrypted keys are read; " + DECRYPT);
        }
        byte[] pkcs8;
        String algorithm;
        try {
            pkcs8 = switch (key.type()) {
                case "RSA PRIVATE KEY" -> pkcs8(Der.sequence(Der.oid(RSA), Der.nullValue()), key.der());
                case "EC PRIVATE KEY" -> pkcs8(Der.sequence(Der.oid(EC), curveOf(key.der())), key.der());
                default -> key.der();
            };
            algorithm = algorithmOid(pkcs8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": the " + key.type() + " block is not a valid key: "
                    + e.getMessage(), e);
        }
        String factory = KEY_FACTORIES.get(algorithm);
        if (factory == null) {
            throw new IllegalArgumentException(source + ": the private key's algorithm " + algorithm
                    + " is not one TLS servers use here (RSA, EC, EdDSA)");
        }
        try {
            return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + ": the " + factory + " private key does not parse: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code key} is the private half of the certificate's public key, by signing with
     * one and verifying with the other: a mismatch would otherwise surface only as a handshake that
     * fails on the client's side.
     *
     * @throws IllegalArgumentException naming both files if they do not belong together
     */
    public static void checkMatches(PrivateKey key, X509Certificate certificate, String keySource, String certSource) {
        PublicKey publicKey = certificate.getPublicKey();
        String mismatch = keySource + " does not hold the private key of the first certificate in " + certSource
                + " (" + certificate.getSubjectX500Principal().getName() + ")";
        String signing = signatureFor(key.getAlgorithm());
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new IllegalArgumentException(mismatch + ": the key is " + key.getAlgorithm()
                    + ", the certificate's is " + publicKey.getAlgorithm());
        }
        if (signing == null) {
            return;
        }
        byte[] probe = "jevent key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(signing);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signing);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException(mismatch);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK cannot sign with " + signing, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(mismatch + ": " + e.getMessage(), e);
        }
    }

    /** The signature algorithm for a key, or null when a check needs parameters (RSASSA-PSS). */
    static String signatureFor(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
    }

    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] traditional) {
        return Der.sequence(Der.integer(BigInteger.ZERO), algorithmIdentifier, Der.octetString(traditional));
    }

    /** SEC1's ECPrivateKey names its curve in the optional {@code [0] parameters}; PKCS#8 needs it outside. */
    private static byte[] curveOf(byte[] sec1) {
        DerReader key = new DerReader(sec1).enter(Der.SEQUENCE);
        key.read(Der.INTEGER);
        key.read(Der.OCTET_STRING);
        if (key.hasMore() && key.peekTag() == 0xa0) {
            return key.enter(0xa0).readWhole(Der.OID);
        }
        throw new IllegalArgumentException("it does not name its curve; write it as PKCS#8 with "
                + "openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY-pkcs8.pem");
    }

    private static String algorithmOid(byte[] pkcs8) {
        DerReader info = new DerReader(pkcs8).enter(Der.SEQUENCE);
        info.read(Der.INTEGER);
        return DerReader.dotted(info.enter(Der.SEQUENCE).read(Der.OID));
    }
}
