package org.rtc4j.sctp;

import java.time.Duration;

/**
 * The settings of one {@link SctpAssociation}. Defaults suit WebRTC over DTLS: port 5000 on both ends
 * (RFC 8841), 65535 streams each way, a 1 MiB receive window, packets of at most 1160 bytes (what fits
 * a DTLS record within rtc4j's default 1200-byte DTLS datagram with an AES-GCM suite, whose record
 * costs 37 bytes), a 256 KiB max-message-size both ways, and
 * timers in the range browsers use (RTO 1 s initial, 200 ms ~ 10 s) rather than RFC 9260's 1 ~ 60 s.
 *
 * @param localPort our SCTP port (RFC 8841 {@code a=sctp-port})
 * @param remotePort the peer's SCTP port
 * @param outboundStreams the outbound streams we ask for (1 ~ 65535)
 * @param inboundStreams the inbound streams we allow (1 ~ 65535)
 * @param receiveWindow our receive buffer in bytes: the a_rwnd we advertise and the bound on data held
 *                      for reassembly and undrained delivery (at least {@code maxMessageSize})
 * @param maxPacketSize the largest SCTP packet we send (a DTLS record's payload), 256 ~ 65535
 * @param maxMessageSize the largest message we accept (our {@code a=max-message-size})
 * @param remoteMaxMessageSize the largest message the peer accepts ({@code a=max-message-size} from its
 *                             SDP; RFC 8841 says 64 KiB when absent); {@code send} rejects larger ones
 * @param maxSendBuffer the bytes that may wait to be sent, over all streams; {@code send} fails past it
 * @param rtoInitial the retransmission timeout before any RTT is measured
 * @param rtoMin the lower bound of the retransmission timeout
 * @param rtoMax the upper bound of the retransmission timeout
 * @param maxInitRetransmits INIT and COOKIE ECHO retransmissions before the setup fails
 * @param maxRetransmits consecutive unacknowledged retransmissions and heartbeats before the
 *                       association fails (Association.Max.Retrans)
 * @param heartbeatInterval the idle time after which a heartbeat probes the peer
 * @param delayedAckTimeout the longest a SACK is delayed (RFC 9260 §6.2: at most 500 ms)
 * @param cookieLifetime how long a state cookie we issue is valid
 * @param zeroChecksum whether we offer and use the zero checksum over DTLS (RFC 9653)
 */
public record SctpConfig(int localPort, int remotePort, int outboundStreams, int inboundStreams, int receiveWindow,
                         int maxPacketSize, int maxMessageSize, int remoteMaxMessageSize, long maxSendBuffer,
                         Duration rtoInitial, Duration rtoMin, Duration rtoMax, int maxInitRetransmits,
                         int maxRetransmits, Duration heartbeatInterval, Duration delayedAckTimeout,
                         Duration cookieLifetime, boolean zeroChecksum) {
    /** RFC 8841 §6: the SCTP port when the SDP names none. */
    public static final int DEFAULT_PORT = 5000;
    /** RFC 8841 §6: the max-message-size to assume when the SDP names none. */
    public static final int DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65536;

    /** The defaults described above. */
    public static final SctpConfig DEFAULT = new SctpConfig(DEFAULT_PORT, DEFAULT_PORT, 65535, 65535, 1 << 20, 1160,
            256 * 1024, 256 * 1024, 16L << 20, Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(10),
            8, 10, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(60), true);

    public SctpConfig {
        check("localPort", localPort, 1, 65535);
        check("remotePort", remotePort, 1, 65535);
        check("outboundStreams", outboundStreams, 1, 65535);
        check("inboundStreams", inboundStreams, 1, 65535);
        check("maxPacketSize", maxPacketSize, 256, 65535);
        check("maxMessageSize", maxMessageSize, 1, Integer.MAX_VALUE);
        check("remoteMaxMessageSize", remoteMaxMessageSize, 1, Integer.MAX_VALUE);
        check("receiveWindow", receiveWindow, Math.max(maxMessageSize, 1500), Integer.MAX_VALUE);
        check("maxInitRetransmits", maxInitRetransmits, 0, 100);
        check("maxRetransmits", maxRetransmits, 1, 100);
        if (maxSendBuffer < 1) {
            throw new IllegalArgumentException("maxSendBuffer " + maxSendBuffer + " (expected: at least 1)");
        }
        if (rtoMin.isNegative() || rtoMin.isZero() || rtoMin.compareTo(rtoMax) > 0 || rtoInitial.compareTo(rtoMin) < 0
                || rtoInitial.compareTo(rtoMax) > 0) {
            throw new IllegalArgumentException("RTO " + rtoMin + " <= " + rtoInitial + " <= " + rtoMax
                    + " (expected: 0 < rtoMin <= rtoInitial <= rtoMax)");
        }
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " (expected: " + min + " ~ " + max + ")");
        }
    }

    /** These settings with other ports. */
    public SctpConfig withPorts(int local, int remote) {
        return new SctpConfig(local, remote, outboundStreams, inboundStreams, receiveWindow, maxPacketSize,
                maxMessageSize, remoteMaxMessageSize, maxSendBuffer, rtoInitial, rtoMin, rtoMax, maxInitRetransmits,
                maxRetransmits, heartbeatInterval, delayedAckTimeout, cookieLifetime, zeroChecksum);
    }

    /** These settings with other message size limits (ours and the peer's). */
    public SctpConfig withMessageSizes(int maxMessage, int remoteMaxMessage) {
        return new SctpConfig(localPort, remotePort, outboundStreams, inboundStreams,
                Math.max(receiveWindow, maxMessage), maxPacketSize, maxMessage, remoteMaxMessage, maxSendBuffer,
                rtoInitial, rtoMin, rtoMax, maxInitRetransmits, maxRetransmits, heartbeatInterval, delayedAckTimeout,
                cookieLifetime, zeroChecksum);
    }

    /** These settings with another receive window. */
    public SctpConfig withReceiveWindow(int window) {
        return new SctpConfig(localPort, remotePort, outboundStreams, inboundStreams, window, maxPacketSize,
                maxMessageSize, remoteMaxMessageSize, maxSendBuffer, rtoInitial, rtoMin, rtoMax, maxInitRetransmits,
                maxRetransmits, heartbeatInterval, delayedAckTimeout, cookieLifetime, zeroChecksum);
    }

    /** These settings with the zero checksum offered or not. */
    public SctpConfig withZeroChecksum(boolean offer) {
        return new SctpConfig(localPort, remotePort, outboundStreams, inboundStreams, receiveWindow, maxPacketSize,
                maxMessageSize, remoteMaxMessageSize, maxSendBuffer, rtoInitial, rtoMin, rtoMax, maxInitRetransmits,
                maxRetransmits, heartbeatInterval, delayedAckTimeout, cookieLifetime, offer);
    }

    /** These settings with another send buffer bound. */
    public SctpConfig withMaxSendBuffer(long bytes) {
        return new SctpConfig(localPort, remotePort, outboundStreams, inboundStreams, receiveWindow, maxPacketSize,
                maxMessageSize, remoteMaxMessageSize, bytes, rtoInitial, rtoMin, rtoMax, maxInitRetransmits,
                maxRetransmits, heartbeatInterval, delayedAckTimeout, cookieLifetime, zeroChecksum);
    }
}
