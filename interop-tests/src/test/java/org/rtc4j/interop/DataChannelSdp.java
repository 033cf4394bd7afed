package org.rtc4j.interop;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.IceCredentials;

/**
 * The smallest SDP a WebRTC peer accepts for a data-channel-only session (RFC 8829 §5.2, RFC 8841),
 * written and read by hand until the {@code sdp} module exists: one {@code m=application} section,
 * BUNDLE of that one mid, ICE credentials, the DTLS fingerprint and setup role, SCTP port and
 * max-message-size, candidates. Reading picks out only the lines the transport needs, from the media
 * section or the session level.
 */
final class DataChannelSdp {
    /** The SCTP port both sides use (RFC 8841 §4: the default, and what every browser sends). */
    static final int SCTP_PORT = 5000;
    /** Our {@code a=max-message-size}: the 256 KiB issue 5 asks for. */
    static final int MAX_MESSAGE_SIZE = 262_144;
    /** The peer's max-message-size when its SDP has none (RFC 8841 §6.1). */
    static final int DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65_536;

    private DataChannelSdp() {
    }

    /** The DTLS role an SDP states ({@code a=setup}, RFC 4145 §4 and RFC 5763 §5). */
    enum Setup {
        ACTPASS, ACTIVE, PASSIVE;

        String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Writes an offer or answer.
     *
     * @param fingerprint our certificate's fingerprint, {@code sha-256 AB:CD:...}
     * @param candidates our candidates; {@code a=end-of-candidates} follows them (we do not trickle)
     */
    static String write(IceCredentials ice, String fingerprint, Setup setup, List<Candidate> candidates) {
        long sessionId = new SecureRandom().nextLong() & Long.MAX_VALUE;
        StringBuilder sb = new StringBuilder();
        line(sb, "v=0");
        line(sb, "o=- " + sessionId + " 2 IN IP4 127.0.0.1");
        line(sb, "s=-");
        line(sb, "t=0 0");
        line(sb, "a=group:BUNDLE 0");
        line(sb, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        line(sb, "c=IN IP4 0.0.0.0");
        line(sb, "a=mid:0");
        line(sb, "a=ice-ufrag:" + ice.ufrag());
        line(sb, "a=ice-pwd:" + ice.password());
        line(sb, "a=ice-options:trickle");
        line(sb, "a=fingerprint:" + fingerprint);
        line(sb, "a=setup:" + setup.token());
        line(sb, "a=sctp-port:" + SCTP_PORT);
        line(sb, "a=max-message-size:" + MAX_MESSAGE_SIZE);
        for (Candidate c : candidates) {
            line(sb, "a=" + c.toSdp());
        }
        line(sb, "a=end-of-candidates");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append("\r\n");
    }

    /**
     * What the transport needs from the peer's SDP.
     *
     * @param candidates the {@code candidate:...} values of the {@code a=candidate} lines, in order
     * @param maxMessageSize {@code a=max-message-size}, or {@link #DEFAULT_REMOTE_MAX_MESSAGE_SIZE} when absent
     *                       (0 means "no limit", RFC 8841 §6)
     */
    record Remote(String iceUfrag, String icePwd, String fingerprint, Setup setup, int sctpPort, long maxMessageSize,
                  List<String> candidates, boolean endOfCandidates) {
    }

    /**
     * Reads a peer's SDP.
     *
     * @throws IllegalArgumentException naming the line that is missing or malformed
     */
    static Remote parse(String sdp) {
        String ufrag = null;
        String pwd = null;
        String fingerprint = null;
        Setup setup = null;
        OptionalInt sctpPort = OptionalInt.empty();
        long maxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
        boolean application = false;
        boolean end = false;
        List<String> candidates = new ArrayList<>();
        String[] lines = sdp.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("m=")) {
                if (application) {
                    break; // only the first m=application section matters (BUNDLE)
                }
                application = line.startsWith("m=application ");
                continue;
            }
            Optional<String> v;
            if ((v = value(line, "a=ice-ufrag:")).isPresent()) {
                ufrag = v.get();
            } else if ((v = value(line, "a=ice-pwd:")).isPresent()) {
                pwd = v.get();
            } else if ((v = value(line, "a=fingerprint:")).isPresent()) {
                if (v.get().toLowerCase(Locale.ROOT).startsWith("sha-256 ")) {
                    fingerprint = v.get();
                }
            } else if ((v = value(line, "a=setup:")).isPresent()) {
                try {
                    setup = Setup.valueOf(v.get().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": " + line + " (expected: actpass, active or passive)");
                }
            } else if ((v = value(line, "a=sctp-port:")).isPresent()) {
                sctpPort = OptionalInt.of(number(v.get(), i, line));
            } else if ((v = value(line, "a=max-message-size:")).isPresent()) {
                maxMessageSize = number(v.get(), i, line);
            } else if (line.startsWith("a=candidate:")) {
                candidates.add(line.substring(2));
            } else if (line.equals("a=end-of-candidates")) {
                end = true;
            }
        }
        if (!application) {
            throw new IllegalArgumentException("no m=application section (expected: m=application 9 UDP/DTLS/SCTP webrtc-datachannel)");
        }
        require(ufrag, "a=ice-ufrag");
        require(pwd, "a=ice-pwd");
        require(fingerprint, "a=fingerprint:sha-256");
        require(setup, "a=setup");
        return new Remote(ufrag, pwd, fingerprint, setup, sctpPort.orElse(SCTP_PORT), maxMessageSize, List.copyOf(candidates), end);
    }

    private static Optional<String> value(String line, String prefix) {
        return line.startsWith(prefix) ? Optional.of(line.substring(prefix.length()).strip()) : Optional.empty();
    }

    private static int number(String value, int index, String line) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + (index + 1) + ": " + line + " (expected: a number)");
        }
    }

    private static void require(Object value, String line) {
        if (value == null) {
            throw new IllegalArgumentException("the SDP has no " + line + " line");
        }
    }
}
