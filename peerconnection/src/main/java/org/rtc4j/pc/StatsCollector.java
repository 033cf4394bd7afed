package org.rtc4j.pc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelStats;
import org.rtc4j.datachannel.DataChannelTransportStats;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidatePair;
import org.rtc4j.ice.IceAgent;

/**
 * Builds a W3C stats report (webrtc-stats) from the layers of a {@link PeerConnectionCore}:
 * {@code peer-connection}, {@code transport}, {@code candidate-pair}, {@code local-candidate},
 * {@code remote-candidate}, {@code certificate} and {@code data-channel}. Ids are stable for the
 * life of the connection.
 */
final class StatsCollector {
    private StatsCollector() {
    }

    static RTCStatsReport collect(PeerConnectionCore core, Instant now) {
        List<RTCStats> out = new ArrayList<>();
        IceAgent ice = core.ice();
        DataChannelTransportStats dc = core.channels().stats();
        out.add(new RTCStats("peer-connection", "P", now, Map.of(
                "dataChannelsOpened", dc.dataChannelsOpened(),
                "dataChannelsClosed", dc.dataChannelsClosed())));

        String localCertId = "CF" + core.certificate().fingerprint().replace(":", "").substring(8, 24);
        out.add(certificate(localCertId, now, core.certificate().fingerprint(), core.certificate().encoded()));

        Map<String, Object> transport = new LinkedHashMap<>();
        transport.put("iceState", core.iceConnectionState().w3c());
        transport.put("iceRole", ice.role().toString().toLowerCase(java.util.Locale.ROOT));
        transport.put("iceLocalUsernameFragment", ice.localCredentials().ufrag());
        DtlsEndpoint dtls = core.transport().dtls().orElse(null);
        transport.put("dtlsState", dtls == null ? "new" : dtls.transportState());
        if (dtls != null) {
            transport.put("dtlsRole", dtls.role() == org.rtc4j.dtls.DtlsRole.CLIENT ? "client" : "server");
            transport.put("packetsSent", dtls.stats().datagramsSent());
            transport.put("packetsReceived", dtls.stats().datagramsReceived());
        }
        transport.put("localCertificateId", localCertId);
        if (core.remoteFingerprint() != null) {
            String remoteCertId = "CF" + core.remoteFingerprint().replace(":", "").substring(8, 24);
            transport.put("remoteCertificateId", remoteCertId);
            String[] parts = core.remoteFingerprint().split(" ", 2);
            // The peer's certificate itself is not kept; its fingerprint identifies it.
            out.add(new RTCStats("certificate", remoteCertId, now, Map.of("fingerprint", parts[1].toUpperCase(java.util.Locale.ROOT),
                    "fingerprintAlgorithm", parts[0])));
            transport.put("tlsVersion", "FEFD");
            transport.put("dtlsCipher", String.format("0x%04X", core.dtlsCipherSuite()));
            if (core.srtpProfile() != null) {
                transport.put("srtpCipher", core.srtpProfile());
            }
        }
        ice.selectedPair().ifPresent(p -> transport.put("selectedCandidatePairId", pairId(p)));
        out.add(new RTCStats("transport", "T01", now, transport));

        for (Candidate c : ice.localCandidates()) {
            out.add(candidate("local-candidate", "I" + c.foundation() + c.address().getPort(), now, c,
                    ice.relayTransport(c.address()).map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).orElse(null)));
        }
        for (Candidate c : ice.remoteCandidates()) {
            out.add(candidate("remote-candidate", "R" + c.foundation() + c.address().getPort(), now, c, null));
        }
        for (CandidatePair p : ice.pairs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("transportId", "T01");
            m.put("localCandidateId", "I" + p.local().foundation() + p.local().address().getPort());
            m.put("remoteCandidateId", "R" + p.remote().foundation() + p.remote().address().getPort());
            m.put("state", p.state().toString().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            m.put("nominated", p.isNominated());
            m.put("priority", p.priority());
            m.put("requestsSent", p.requestsSent());
            m.put("responsesReceived", p.responsesReceived());
            m.put("requestsReceived", p.requestsReceived());
            m.put("responsesSent", p.responsesSent());
            m.put("consentRequestsSent", p.consentRequestsSent());
            p.lastRtt().ifPresent(rtt -> m.put("currentRoundTripTime", rtt.toNanos() / 1e9));
            out.add(new RTCStats("candidate-pair", pairId(p), now, m));
        }
        for (DataChannel channel : core.channels().channels()) {
            DataChannelStats s = channel.stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", s.label());
            m.put("protocol", s.protocol());
            if (s.dataChannelIdentifier() >= 0) {
                m.put("dataChannelIdentifier", s.dataChannelIdentifier());
            }
            m.put("state", s.state().toString());
            m.put("messagesSent", s.messagesSent());
            m.put("bytesSent", s.bytesSent());
            m.put("messagesReceived", s.messagesReceived());
            m.put("bytesReceived", s.bytesReceived());
            out.add(new RTCStats("data-channel", "D" + System.identityHashCode(channel), now, m));
        }
        return new RTCStatsReport(out);
    }

    private static String pairId(CandidatePair p) {
        return "CP" + p.local().foundation() + "_" + p.remote().foundation() + "_" + p.remote().address().getPort();
    }

    /** A candidate's stats; {@code relayProtocol} (W3C: udp, tcp or tls to the TURN server) for local relayed ones, else null. */
    private static RTCStats candidate(String type, String id, Instant now, Candidate c, String relayProtocol) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transportId", "T01");
        m.put("address", c.address().getAddress() == null ? c.address().getHostString() : c.address().getAddress().getHostAddress());
        m.put("port", c.address().getPort());
        m.put("protocol", c.transport().toString().toLowerCase(java.util.Locale.ROOT));
        m.put("candidateType", c.type().token()); // W3C RTCIceCandidateType: host, srflx, prflx, relay
        if (relayProtocol != null) {
            m.put("relayProtocol", relayProtocol);
        }
        m.put("priority", c.priority());
        m.put("foundation", c.foundation());
        return new RTCStats(type, id, now, m);
    }

    private static RTCStats certificate(String id, Instant now, String fingerprint, byte[] der) {
        String[] parts = fingerprint.split(" ", 2);
        return new RTCStats("certificate", id, now, Map.of(
                "fingerprint", parts[1],
                "fingerprintAlgorithm", parts[0],
                "base64Certificate", Base64.getEncoder().encodeToString(der)));
    }
}
