package org.rtc4j.rtp;

import java.time.Instant;

/**
 * The sender's side of transport-wide congestion control as a {@link RtpInterceptor}: stamps the next
 * transport-wide sequence number into every outgoing packet that has the transport-wide-cc element
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), tells the {@link BandwidthEstimator} about
 * each, and hands it the transport-wide feedback and REMB that come back. One per transport (the
 * sequence is transport-wide across BUNDLEd streams).
 */
public final class CongestionControlInterceptor implements RtpInterceptor {
    private final BandwidthEstimator estimator;
    private final int extensionId;
    private int sequence;

    /** @param extensionId the negotiated transport-wide-cc id (see {@link HeaderExtensionMap#id(HeaderExtension)}) */
    public CongestionControlInterceptor(BandwidthEstimator estimator, int extensionId, int firstSequence) {
        if (extensionId < 1 || extensionId > 255) {
            throw new IllegalArgumentException("extension id " + extensionId + " (expected: 1 ~ 255)");
        }
        this.estimator = estimator;
        this.extensionId = extensionId;
        this.sequence = firstSequence & 0xFFFF;
    }

    public BandwidthEstimator estimator() {
        return estimator;
    }

    @Override
    public void handleOutgoingRtp(Instant now, RtpPacket packet) {
        int at = packet.extensionOffset(extensionId);
        if (at < 0 || packet.extensionLength(extensionId) != 2) {
            return;
        }
        HeaderExtension.writeTransportSequence(packet.buffer(), at, sequence);
        estimator.onPacketSent(now, sequence, packet.length(), -1);
        sequence = (sequence + 1) & 0xFFFF;
    }

    @Override
    public void handleIncomingRtcp(Instant now, RtcpPacket packet) {
        if (packet instanceof TransportFeedback fb) {
            estimator.handleFeedback(now, fb);
        } else if (packet instanceof ReceiverEstimatedMaxBitrate remb) {
            estimator.handleRemb(now, remb.bitrate());
        }
    }
}
