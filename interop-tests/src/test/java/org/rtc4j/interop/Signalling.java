package org.rtc4j.interop;

import java.io.IOException;
import java.time.Duration;
import org.rtc4j.dtls.DtlsRole;

/**
 * Who offers, and which DTLS role the JVM ends up with, when a {@link DtlsSctpPeer} connects to a
 * {@link NodePeer}; {@link #connect} runs the offer/answer and forwards the node peer's trickled
 * candidates (ours are all in our SDP).
 */
enum Signalling {
    /** The node peer offers ({@code actpass}); we answer {@code a=setup:active} and are the DTLS client. */
    NODE_OFFERS_JVM_CLIENT(DtlsRole.CLIENT),
    /** The node peer offers ({@code actpass}); we answer {@code a=setup:passive} and are the DTLS server. */
    NODE_OFFERS_JVM_SERVER(DtlsRole.SERVER),
    /** We offer ({@code actpass}); both node peers answer {@code active}, so we are the DTLS server. */
    JVM_OFFERS(DtlsRole.SERVER);

    private final DtlsRole jvmRole;

    Signalling(DtlsRole jvmRole) {
        this.jvmRole = jvmRole;
    }

    /** The DTLS role the JVM takes. */
    DtlsRole jvmRole() {
        return jvmRole;
    }

    /** Whether the node peer writes the offer (so its data channels must exist before {@link #connect}). */
    boolean nodeOffers() {
        return this != JVM_OFFERS;
    }

    /**
     * Runs the offer/answer between the two and starts forwarding the node peer's candidates to the JVM.
     * Returns once both descriptions are applied; ICE and DTLS then proceed on their own.
     */
    void connect(NodePeer node, DtlsSctpPeer jvm, Duration timeout) throws IOException, InterruptedException {
        if (nodeOffers()) {
            node.command("createOffer");
            JsonLine offer = node.await(e -> e.isEvent("description") && "offer".equals(e.text("type")), timeout);
            String answer = jvm.createAnswer(offer.text("sdp"), jvmRole);
            node.command("setRemoteDescription", "type", "answer", "sdp", answer);
        } else {
            String offer = jvm.createOffer();
            node.command("setRemoteDescription", "type", "offer", "sdp", offer);
            JsonLine answer = node.await(e -> e.isEvent("description") && "answer".equals(e.text("type")), timeout);
            jvm.acceptAnswer(answer.text("sdp"));
        }
        // The end-of-candidates signal is not forwarded: a listener may see it before a candidate it replays.
        node.forEachEvent(e -> {
            if (e.isEvent("candidate")) {
                jvm.addRemoteCandidate(e.text("candidate"));
            }
        });
    }
}
