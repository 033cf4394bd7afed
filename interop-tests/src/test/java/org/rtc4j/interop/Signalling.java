package org.rtc4j.interop;

import java.io.IOException;
import java.time.Duration;
import org.rtc4j.dtls.DtlsRole;

/**
 * Who offers, and which DTLS role the JVM ends up with, when a {@link DtlsSctpPeer} connects to a
 * {@link RemotePeer} (a node peer or Chromium); {@link #connect} runs the offer/answer and forwards the
 * remote peer's trickled candidates (ours are all in our SDP).
 */
enum Signalling {
    /** The remote peer offers ({@code actpass}); we answer {@code a=setup:active} and are the DTLS client. */
    PEER_OFFERS_JVM_CLIENT(DtlsRole.CLIENT),
    /** The remote peer offers ({@code actpass}); we answer {@code a=setup:passive} and are the DTLS server. */
    PEER_OFFERS_JVM_SERVER(DtlsRole.SERVER),
    /** We offer ({@code actpass}); the remote peers answer {@code active} (JSEP's SHOULD, RFC 8829 §5.3.1), so we are the DTLS server. */
    JVM_OFFERS(DtlsRole.SERVER);

    private final DtlsRole jvmRole;

    Signalling(DtlsRole jvmRole) {
        this.jvmRole = jvmRole;
    }

    /** The DTLS role the JVM takes. */
    DtlsRole jvmRole() {
        return jvmRole;
    }

    /** Whether the remote peer writes the offer (so its data channels must exist before {@link #connect}). */
    boolean peerOffers() {
        return this != JVM_OFFERS;
    }

    /**
     * Runs the offer/answer between the two and starts forwarding the remote peer's candidates to the JVM.
     * Returns once both descriptions are applied; ICE and DTLS then proceed on their own.
     */
    void connect(RemotePeer peer, DtlsSctpPeer jvm, Duration timeout) throws IOException, InterruptedException {
        if (peerOffers()) {
            peer.command("createOffer");
            JsonLine offer = peer.await(e -> e.isEvent("description") && "offer".equals(e.text("type")), timeout);
            String answer = jvm.createAnswer(offer.text("sdp"), jvmRole);
            peer.command("setRemoteDescription", "type", "answer", "sdp", answer);
        } else {
            String offer = jvm.createOffer();
            peer.command("setRemoteDescription", "type", "offer", "sdp", offer);
            JsonLine answer = peer.await(e -> e.isEvent("description") && "answer".equals(e.text("type")), timeout);
            jvm.acceptAnswer(answer.text("sdp"));
        }
        // The end-of-candidates signal is not forwarded: a listener may see it before a candidate it replays.
        peer.forEachEvent(e -> {
            if (e.isEvent("candidate")) {
                jvm.addRemoteCandidate(e.text("candidate"));
            }
        });
    }
}
