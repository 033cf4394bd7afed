package org.rtc4j.dtls;

import java.io.IOException;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.rtc4j.srtp.SrtpProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client and server peers share: the local credentials, the expected remote fingerprint,
 * the SRTP profiles, and the outcome the endpoint reads once Bouncy Castle returns. Touched only by
 * the handshake thread until the handshake ends, then read by the driver thread.
 */
final class PeerSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSupport.class);

    /** ECDHE-ECDSA with AES-GCM first (what browsers pick); a server with an ECDSA certificate takes these. */
    static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };
    /** What a server with an RSA certificate takes: ECDHE-RSA, AES-GCM first. */
    static final int[] RSA_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };
    /** The client also offers ECDHE-RSA, for servers with RSA certificates (openssl, older stacks). */
    static final int[] CLIENT_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };

    final JcaTlsCrypto crypto;
    final DtlsCertificate localCertificate;
    final String expectedFingerprint;
    final DtlsConfig config;
    final Runnable onPeerClose;

    volatile String failureReason;
    volatile String remoteFingerprint;
    volatile SrtpProfile selectedProfile;
    volatile SrtpKeyingMaterial keyingMaterial;
    volatile int cipherSuite;

    PeerSupport(JcaTlsCrypto crypto, DtlsCertificate localCertificate, String expectedFingerprint, DtlsConfig config, Runnable onPeerClose) {
        this.crypto = crypto;
        this.localCertificate = localCertificate;
        this.expectedFingerprint = expectedFingerprint;
        this.config = config;
        this.onPeerClose = onPeerClose;
    }

    int[] profileCodes() {
        List<SrtpProfile> profiles = config.srtpProfiles();
        int[] codes = new int[profiles.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = profiles.get(i).id();
        }
        return codes;
    }

    /** Checks the peer's end-entity certificate against the fingerprint from the remote SDP. */
    void verifyPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            failureReason = "the peer sent no certificate (expected one with fingerprint " + expectedFingerprint + ")";
            throw new TlsFatalAlert(AlertDescription.certificate_required, failureReason);
        }
        String actual = DtlsCertificate.fingerprint(chain.getCertificateAt(0).getEncoded());
        remoteFingerprint = actual;
        if (!DtlsCertificate.sameFingerprint(expectedFingerprint, actual)) {
            failureReason = "certificate fingerprint mismatch: expected " + expectedFingerprint + ", got " + actual;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, failureReason);
        }
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(localCertificate.encoded())});
        short signature = localCertificate.isRsa() ? SignatureAlgorithm.rsa : SignatureAlgorithm.ecdsa;
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, localCertificate.privateKey(), chain,
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, signature));
    }

    /** The suites a server offers: those its certificate's key can sign for. */
    int[] serverSuites() {
        return localCertificate.isRsa() ? RSA_SUITES : ECDSA_SUITES;
    }

    static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
        Vector<SignatureAndHashAlgorithm> v = new Vector<>();
        v.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        v.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
        v.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        v.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
        return v;
    }

    /** Exports the SRTP keys (RFC 5764 §4.2); Bouncy Castle only allows it from notifyHandshakeComplete. */
    void exportKeys(TlsContext context) {
        SrtpProfile profile = selectedProfile;
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                2 * (profile.keyLength() + profile.saltLength()));
        keyingMaterial = new SrtpKeyingMaterial(profile, exported);
        cipherSuite = context.getSecurityParametersConnection().getCipherSuite();
        DtlsKeyLog keyLog = config.keyLog();
        if (keyLog != null) {
            writeKeyLog(context, keyLog);
        }
    }

    /**
     * Hands the NSS key log line to the configured key log. Bouncy Castle's {@code extract()}
     * destroys a secret, so it extracts a copy the crypto adopted; a failure never breaks the handshake.
     */
    private void writeKeyLog(TlsContext context, DtlsKeyLog keyLog) {
        try {
            TlsSecret copy = crypto.adoptSecret(context.getSecurityParametersConnection().getMasterSecret());
            byte[] master = copy.extract();
            String line = DtlsKeyLog.clientRandomLine(context.getSecurityParametersConnection().getClientRandom(), master);
            java.util.Arrays.fill(master, (byte) 0);
            keyLog.log(line);
        } catch (RuntimeException e) {
            LOG.warn("the DTLS key log failed, the handshake goes on: {}", e.toString());
        }
    }

    void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            onPeerClose.run();
        }
    }

    /** The overall handshake timeout in the form BC's client and server ask for it. */
    int handshakeTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, config.handshakeTimeout().toMillis());
    }

    /** The first retransmission timer of the handshake, as BC asks for it. */
    int initialResendMillis() {
        return (int) Math.min(Integer.MAX_VALUE, config.initialResend().toMillis());
    }
}
