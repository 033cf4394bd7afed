package org.rtc4j.dtls;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.rtc4j.srtp.SrtpProfile;

/**
 * The DTLS 1.2 server peer handed to Bouncy Castle: picks the first SRTP profile of its own
 * preference the client offered (RFC 5764 §4.1.1), requires the extended master secret (RFC 7627),
 * requests a client certificate and checks its fingerprint (RFC 8827 §6.5).
 */
final class RtcTlsServer extends DefaultTlsServer {
    private final PeerSupport support;

    RtcTlsServer(PeerSupport support) {
        super(support.crypto);
        this.support = support;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), support.serverSuites());
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return support.handshakeTimeoutMillis();
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return support.initialResendMillis();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = clientExtensions == null ? null : TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            support.failureReason = "the client did not offer use_srtp (RFC 5764 §4.1.1)";
            throw new TlsFatalAlert(AlertDescription.handshake_failure, support.failureReason);
        }
        for (SrtpProfile mine : support.config.srtpProfiles()) {
            for (int code : offered.getProtectionProfiles()) {
                if (code == mine.id()) {
                    support.selectedProfile = mine;
                    return;
                }
            }
        }
        support.failureReason = "no common SRTP profile: the client offered " + describeProfiles(offered.getProtectionProfiles())
                + ", we accept " + support.config.srtpProfiles() + " (use_srtp, RFC 5764 §4.1.1)";
        throw new TlsFatalAlert(AlertDescription.handshake_failure, support.failureReason);
    }

    private static String describeProfiles(int[] codes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < codes.length; i++) {
            SrtpProfile known = SrtpProfile.ofId(codes[i]);
            sb.append(i == 0 ? "" : ", ").append(known != null ? known.toString() : String.format("0x%04x", codes[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsHelper.ensure(super.getServerExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {support.selectedProfile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                PeerSupport.signatureAlgorithms(), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        support.verifyPeer(clientCertificate);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return support.signer(context);
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return support.signer(context);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        support.exportKeys(context);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        support.alertReceived(alertLevel, alertDescription);
    }
}
