package org.rtc4j.dtls;

import java.time.Duration;
import java.util.List;
import org.rtc4j.srtp.SrtpProfile;

/**
 * Settings of a {@link DtlsEndpoint}; the defaults suit WebRTC.
 *
 * @param mtu                 the largest datagram the endpoint sends (UDP payload), default 1200
 * @param maxDatagramSize     larger received datagrams are dropped and counted, default 4096
 * @param inboundQueueBound   datagrams waiting for the handshake thread; more are dropped and counted, default 64
 * @param initialResend       the first handshake retransmission timer (RFC 6347 §4.2.4.1), doubled on each resend, default 100 ms
 * @param handshakeTimeout    the handshake fails after this, default 15 s
 * @param srtpProfiles        the SRTP profiles offered (client) or accepted (server), in order of preference
 * @param keyLog              receives the session secrets in {@code SSLKEYLOGFILE} format once a handshake
 *                            completes, so that Wireshark can decrypt a capture; null (the default) turns
 *                            it off. Debugging only: whoever reads the lines can decrypt the traffic
 */
public record DtlsConfig(int mtu, int maxDatagramSize, int inboundQueueBound, Duration initialResend, Duration handshakeTimeout,
                         List<SrtpProfile> srtpProfiles, DtlsKeyLog keyLog) {

    /** The defaults listed above, with all four profiles, AES-GCM first. */
    public static final DtlsConfig DEFAULT = new DtlsConfig(1200, 4096, 64, Duration.ofMillis(100), Duration.ofSeconds(15),
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80,
                    SrtpProfile.AES_CM_128_HMAC_SHA1_32));

    /** The settings without a key log. */
    public DtlsConfig(int mtu, int maxDatagramSize, int inboundQueueBound, Duration initialResend, Duration handshakeTimeout,
                      List<SrtpProfile> srtpProfiles) {
        this(mtu, maxDatagramSize, inboundQueueBound, initialResend, handshakeTimeout, srtpProfiles, null);
    }

    /** Validates the settings and copies the profile list. */
    public DtlsConfig {
        if (mtu < 256 || mtu > 65507) {
            throw new IllegalArgumentException("mtu " + mtu + " (expected: 256 ~ 65507)");
        }
        if (maxDatagramSize < mtu) {
            throw new IllegalArgumentException("maxDatagramSize " + maxDatagramSize + " (expected: at least the mtu " + mtu + ")");
        }
        if (inboundQueueBound < 1) {
            throw new IllegalArgumentException("inboundQueueBound " + inboundQueueBound + " (expected: at least 1)");
        }
        if (initialResend.toMillis() < 1 || handshakeTimeout.toMillis() < initialResend.toMillis()) {
            throw new IllegalArgumentException("initialResend " + initialResend + ", handshakeTimeout " + handshakeTimeout
                    + " (expected: 1 ms <= initialResend <= handshakeTimeout)");
        }
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("srtpProfiles is empty (expected: at least one profile)");
        }
        srtpProfiles = List.copyOf(srtpProfiles);
    }

    /** A copy with another MTU; {@code maxDatagramSize} grows to it if smaller. */
    public DtlsConfig withMtu(int newMtu) {
        return new DtlsConfig(newMtu, Math.max(maxDatagramSize, newMtu), inboundQueueBound, initialResend, handshakeTimeout, srtpProfiles,
                keyLog);
    }

    /** A copy with another handshake timeout. */
    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(mtu, maxDatagramSize, inboundQueueBound, initialResend, timeout, srtpProfiles, keyLog);
    }

    /** A copy with other SRTP profiles, in order of preference. */
    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(mtu, maxDatagramSize, inboundQueueBound, initialResend, handshakeTimeout, profiles, keyLog);
    }

    /**
     * A copy that reports the session secrets to {@code log} (null turns it off); see
     * {@link DtlsKeyLog#appendingTo} for the usual file.
     */
    public DtlsConfig withKeyLog(DtlsKeyLog log) {
        return new DtlsConfig(mtu, maxDatagramSize, inboundQueueBound, initialResend, handshakeTimeout, srtpProfiles, log);
    }
}
