package io.jevent.bufferevent;

import io.jevent.bufferevent.internal.CertificateWriter;
import io.jevent.bufferevent.internal.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A key pair and a self-signed certificate made in memory, <b>for tests and demos, not for
 * production</b>: no client trusts it unless told to (give it
 * {@link TlsContexts#client(SelfSignedCertificate)}, or {@link #writeTo(Path) cert.pem} as a CA
 * file to curl or {@code openssl s_client}). It replaces the {@code openssl req -x509} step that
 * sets up the {@code SSL_CTX} of a libevent TLS example; libevent itself has no counterpart.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
 * SSLContext server = TlsContexts.server(cert);
 * SSLContext client = TlsContexts.client(cert);     // trusts this certificate only
 * }</pre>
 *
 * <p>The certificate is X.509 v3, valid from a day before it was made (so a client whose clock is a
 * little behind accepts it) for the given number of days. Each name becomes a subjectAltName entry,
 * a dNSName or an iPAddress, which is what a client with HTTPS endpoint identification checks; the
 * first is also the common name. It is its own CA (basicConstraints CA), so the same file serves as
 * the server's certificate and as the client's trust anchor. The key is EC P-256 (signed with
 * SHA256withECDSA) unless {@link KeyType#RSA_2048} is asked for (SHA256withRSA).
 *
 * <p>Immutable; any thread. Generating an RSA key takes a noticeable fraction of a second.
 */
public final class SelfSignedCertificate {
    /** The names a certificate gets when none are given: the loopback interface's. */
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");
    private static final int DEFAULT_DAYS = 365;
    private static final Pattern HOST_NAME = Pattern.compile(
            "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The kind of key pair to generate. */
    public enum KeyType {
        /** An elliptic-curve key on NIST P-256 (secp256r1), signed with SHA256withECDSA: small and fast. */
        EC_P256,
        /** A 2048-bit RSA key, signed with SHA256withRSA: for peers that accept RSA only. */
        RSA_2048
    }

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String certificatePem;
    private final String privateKeyPem;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) throws GeneralSecurityException {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.certificatePem = Pem.encode("CERTIFICATE", certificate.getEncoded());
        this.privateKeyPem = Pem.encode("PRIVATE KEY", privateKey.getEncoded());
    }

    /**
     * An EC P-256 key and a certificate valid for 365 days for {@code names}, or, with no names,
     * for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. Any thread.
     *
     * @param names host names (a leading {@code *.} makes a wildcard) and IPv4 or IPv6 literals
     * @return a new key and certificate
     * @throws IllegalArgumentException if a name is neither a host name nor an IP address literal
     */
    public static SelfSignedCertificate generate(String... names) {
        return generate(KeyType.EC_P256, DEFAULT_DAYS, names);
    }

    /**
     * A key of {@code keyType} and a certificate valid for {@code validDays} days for {@code names},
     * or, with no names, for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. Any thread.
     *
     * @param keyType the key pair to generate
     * @param validDays how many days from now the certificate stays valid, at least 1
     * @param names host names (a leading {@code *.} makes a wildcard) and IPv4 or IPv6 literals
     * @return a new key and certificate
     * @throws IllegalArgumentException if {@code validDays < 1} or a name is neither a host name
     *     nor an IP address literal
     */
    public static SelfSignedCertificate generate(KeyType keyType, int validDays, String... names) {
        if (keyType == null) {
            throw new IllegalArgumentException("keyType is null: pass KeyType.EC_P256 or KeyType.RSA_2048");
        }
        if (validDays < 1) {
            throw new IllegalArgumentException("validDays < 1: " + validDays);
        }
        List<String> all = names == null || names.length == 0 ? LOOPBACK : List.of(names);
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        for (String name : all) {
            InetAddress address = addressLiteral(name);
            if (address != null) {
                addresses.add(address);
            } else if (name.length() <= 253 && HOST_NAME.matcher(name).matches()) {
                dnsNames.add(name);
            } else {
                throw new IllegalArgumentException("not a host name or IP address literal: \"" + name + "\"");
            }
        }
        Instant now = Instant.now();
        try {
            KeyPair keys = keyPair(keyType);
            byte[] der = CertificateWriter.selfSigned(keys, all.get(0), dnsNames, addresses,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(validDays)), serial());
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            certificate.verify(keys.getPublic());
            return new SelfSignedCertificate(certificate, keys.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate a " + keyType + " certificate", e);
        }
    }

    /**
     * The certificate. Any thread.
     *
     * @return the self-signed X.509 certificate
     */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The private key that belongs to the certificate. Any thread.
     *
     * @return the private key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * The certificate as PEM text. Any thread.
     *
     * @return one {@code -----BEGIN CERTIFICATE-----} block
     */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * The private key as unencrypted PKCS#8 PEM text, the form {@link TlsContexts#server(Path, Path)}
     * and OpenSSL read. Any thread.
     *
     * @return one {@code -----BEGIN PRIVATE KEY-----} block
     */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /**
     * Writes {@code cert.pem} and {@code key.pem} into {@code directory}, creating it if needed and
     * replacing files of those names; on a POSIX file system only the owner may read the key. Any
     * thread.
     *
     * @param directory where to write the two files
     * @throws IOException if a file cannot be written
     */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("cert.pem"), certificatePem, StandardCharsets.US_ASCII);
        Path key = directory.resolve("key.pem");
        Files.deleteIfExists(key);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(key, privateKeyPem, StandardCharsets.US_ASCII);
    }

    /**
     * The certificate's subject and validity, never the key. Any thread.
     *
     * @return a description for logs
     */
    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + ", until "
                + certificate.getNotAfter().toInstant() + "]";
    }

    private static KeyPair keyPair(KeyType keyType) throws GeneralSecurityException {
        if (keyType == KeyType.RSA_2048) {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048, RANDOM);
            return rsa.generateKeyPair();
        }
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return ec.generateKeyPair();
    }

    /** RFC 5280: a positive serial of at most 20 bytes, random so that no two certificates share one. */
    private static BigInteger serial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(bytes);
    }

    /**
     * The address {@code name} spells, or null for a host name. Literals are parsed here, never
     * looked up: {@link InetAddress#getByName} would ask DNS about a malformed dotted quad.
     */
    private static InetAddress addressLiteral(String name) {
        try {
            if (DOTTED_QUAD.matcher(name).matches()) {
                String[] parts = name.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        throw new IllegalArgumentException("not an IPv4 address: \"" + name + "\"");
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (name.indexOf(':') >= 0) {
                String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
                if (!literal.matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException("not an IPv6 address: \"" + name + "\"");
                }
                return InetAddress.getByName(literal);
            }
            return null;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: \"" + name + "\"", e);
        }
    }
}
