package org.rtc4j.stun;

/**
 * The first-byte demultiplexer of RFC 7983 §7 (as updated by RFC 9443): tells STUN, DTLS, TURN
 * ChannelData, RTP and RTCP apart when they share one UDP 5-tuple, as WebRTC's BUNDLE does.
 * RTP and RTCP are split by payload type as RFC 5761 §4 describes.
 */
public final class PacketClassifier {
    /** What a datagram is. */
    public enum Kind {
        /** First byte 0 ~ 3. */
        STUN,
        /** First byte 16 ~ 19. */
        ZRTP,
        /** First byte 20 ~ 63. */
        DTLS,
        /** First byte 64 ~ 79. */
        TURN_CHANNEL,
        /** First byte 128 ~ 191, second byte's payload type outside 64 ~ 95. */
        RTP,
        /** First byte 128 ~ 191, payload type (second byte without marker) 64 ~ 95, i.e. RTCP types 192 ~ 223. */
        RTCP,
        /** Anything else, including empty datagrams; to be dropped. */
        UNKNOWN
    }

    private PacketClassifier() {
    }

    /** Classifies the datagram of {@code len} bytes at {@code off}; reads at most two bytes. */
    public static Kind classify(byte[] b, int off, int len) {
        if (len < 1) {
            return Kind.UNKNOWN;
        }
        int first = b[off] & 0xFF;
        if (first <= 3) {
            return Kind.STUN;
        } else if (first >= 16 && first <= 19) {
            return Kind.ZRTP;
        } else if (first >= 20 && first <= 63) {
            return Kind.DTLS;
        } else if (first >= 64 && first <= 79) {
            return Kind.TURN_CHANNEL;
        } else if (first >= 128 && first <= 191) {
            if (len < 2) {
                return Kind.UNKNOWN;
            }
            int payloadType = b[off + 1] & 0x7F;
            return payloadType >= 64 && payloadType <= 95 ? Kind.RTCP : Kind.RTP;
        }
        return Kind.UNKNOWN;
    }

    /**
     * The length of the next complete STUN message or padded ChannelData frame in a TCP or TLS
     * stream (RFC 8656 §12.5, RFC 6544 framing is separate), or -1 if more bytes are needed.
     *
     * @throws StunException {@code WRONG_PROTOCOL} if the stream holds neither
     */
    public static int streamFrameLength(byte[] b, int off, int len) throws StunException {
        if (len < 4) {
            return -1;
        }
        int first = b[off] & 0xFF;
        int declared = Bytes.getU16(b, off + 2);
        int frame;
        if (first <= 3) {
            frame = StunMessage.HEADER_LENGTH + declared;
        } else if (first >= 64 && first <= 79) {
            frame = ChannelData.HEADER_LENGTH + Bytes.pad4(declared);
        } else {
            throw new StunException(StunException.Reason.WRONG_PROTOCOL,
                    String.format("first byte 0x%02x is neither STUN nor ChannelData", first));
        }
        return frame <= len ? frame : -1;
    }
}
