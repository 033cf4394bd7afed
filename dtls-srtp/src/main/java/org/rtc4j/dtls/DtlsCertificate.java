package org.rtc4j.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed ECDSA P-256 X.509 certificate and its private key, as WebRTC uses for DTLS
 * (RFC 8827 §6.5: the certificate is authenticated by its fingerprint in SDP, not by a CA).
 * RSA certificates ({@link #generateRsa}) are supported too, for peers that want them: a server
 * with one negotiates ECDHE-RSA suites, and either side may use one as its client certificate.
 *
 * <p>Generate one per peer connection or share one across many: it is immutable and thread-safe.
 * Key generation and signing use the JDK's providers through Bouncy Castle's JCA builders.
 */
public final class DtlsCertificate {
    /** How long a generated certificate is valid: 30 days, like browsers' default. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String fingerprint;

    private DtlsCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        try {
            this.fingerprint = fingerprint(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new DtlsException("cannot encode the certificate", e);
        }
    }

    /**
     * Generates a new key pair and certificate valid from a day before {@code now} for
     * {@link #DEFAULT_VALIDITY}. The subject is a random {@code CN}, as browsers do.
     *
     * @throws DtlsException if the JDK lacks EC P-256 or SHA256withECDSA
     */
    public static DtlsCertificate generate(Instant now, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            return selfSigned(kpg.generateKeyPair(), "SHA256withECDSA", now, random);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new DtlsException("cannot generate an ECDSA P-256 certificate", e);
        }
    }

    /**
     * Generates a new RSA 2048-bit key pair and a {@code SHA256withRSA} certificate valid from a day
     * before {@code now} for {@link #DEFAULT_VALIDITY}, with a random {@code CN}. ECDSA
     * ({@link #generate}) is faster and what browsers use; RSA exists for peers that require it.
     *
     * @throws DtlsException if the JDK lacks RSA or SHA256withRSA
     */
    public static DtlsCertificate generateRsa(Instant now, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, random);
            return selfSigned(kpg.generateKeyPair(), "SHA256withRSA", now, random);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new DtlsException("cannot generate an RSA 2048 certificate", e);
        }
    }

    private static DtlsCertificate selfSigned(KeyPair keyPair, String signatureAlgorithm, Instant now, SecureRandom random)
            throws GeneralSecurityException, OperatorCreationException {
        X500Name name = new X500Name("CN=rtc4j-" + Long.toHexString(random.nextLong() >>> 1));
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(63, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(DEFAULT_VALIDITY)), name, keyPair.getPublic());
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(signatureAlgorithm).setSecureRandom(random)
                .build(keyPair.getPrivate()));
        return new DtlsCertificate(new JcaX509CertificateConverter().getCertificate(holder), keyPair.getPrivate());
    }

    /** Generates with the current time and a new {@link SecureRandom}. */
    public static DtlsCertificate generate() {
        return generate(Instant.now(), new SecureRandom());
    }

    /**
     * Wraps an existing certificate and its key: EC P-256 (ECDHE-ECDSA suites) or RSA (ECDHE-RSA
     * suites when acting as server).
     */
    public static DtlsCertificate of(X509Certificate certificate, PrivateKey privateKey) {
        return new DtlsCertificate(certificate, privateKey);
    }

    /** Whether the key is RSA (the server then negotiates ECDHE-RSA suites); otherwise it is EC. */
    public boolean isRsa() {
        return "RSA".equals(privateKey.getAlgorithm());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The DER encoding; a new array each call. */
    public byte[] encoded() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new DtlsException("cannot encode the certificate", e);
        }
    }

    /**
     * The SDP fingerprint (RFC 8122 §5), e.g. {@code sha-256 AB:CD:...}: hash name, space, upper-case
     * hex bytes separated by colons.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The SDP {@code sha-256} fingerprint of a DER-encoded certificate. */
    public static String fingerprint(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            StringBuilder sb = new StringBuilder("sha-256 ");
            for (int i = 0; i < digest.length; i++) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(String.format(Locale.ROOT, "%02X", digest[i] & 0xff));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new DtlsException("SHA-256 is missing", e);
        }
    }

    /**
     * Whether two SDP fingerprints name the same hash: the hash name compares case-insensitively
     * (RFC 8122 §5), the hex digits as well, surrounding white space is ignored.
     */
    static boolean sameFingerprint(String expected, String actual) {
        String a = expected.trim().replaceAll("\\s+", " ");
        String b = actual.trim().replaceAll("\\s+", " ");
        return a.equalsIgnoreCase(b);
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + fingerprint + "]";
    }
}
