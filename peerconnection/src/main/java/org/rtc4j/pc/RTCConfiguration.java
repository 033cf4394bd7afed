package org.rtc4j.pc;

import java.util.List;
import java.util.Objects;
import org.rtc4j.dtls.DtlsCertificate;

/**
 * The settings of an {@link RTCPeerConnection} (W3C §4.2.1): ICE servers, which candidates ICE may
 * use, the bundle policy, and the DTLS certificates (one is generated when none is given).
 *
 * @param certificates DTLS certificates to use; the first is used (W3C allows several)
 */
public record RTCConfiguration(List<RTCIceServer> iceServers, RTCIceTransportPolicy iceTransportPolicy,
                               RTCBundlePolicy bundlePolicy, List<DtlsCertificate> certificates) {
    /** No ICE servers, all candidates, max-bundle, a generated certificate. */
    public static final RTCConfiguration DEFAULT = new RTCConfiguration(List.of(), RTCIceTransportPolicy.ALL,
            RTCBundlePolicy.MAX_BUNDLE, List.of());

    public RTCConfiguration {
        iceServers = List.copyOf(iceServers);
        Objects.requireNonNull(iceTransportPolicy, "iceTransportPolicy");
        Objects.requireNonNull(bundlePolicy, "bundlePolicy");
        certificates = List.copyOf(certificates);
    }

    public RTCConfiguration withIceServers(List<RTCIceServer> servers) {
        return new RTCConfiguration(servers, iceTransportPolicy, bundlePolicy, certificates);
    }

    public RTCConfiguration withIceTransportPolicy(RTCIceTransportPolicy policy) {
        return new RTCConfiguration(iceServers, policy, bundlePolicy, certificates);
    }

    public RTCConfiguration withCertificates(List<DtlsCertificate> certs) {
        return new RTCConfiguration(iceServers, iceTransportPolicy, bundlePolicy, certs);
    }
}
