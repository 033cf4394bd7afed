package org.rtc4j.srtp;

/**
 * The per-SSRC state of one {@link SrtpSession} (RFC 3711 §3.2.3): for sending, the highest SRTP index
 * sent and the next SRTCP index; for receiving, the highest SRTP index and the replay windows of SRTP
 * and SRTCP. Keys are not here: with a key derivation rate of 0 they are the same for every SSRC.
 */
final class SrtpStream {
    final int ssrc;
    /** Highest SRTP index protected, -1 before the first packet. */
    long sendIndex = -1;
    /** The next SRTCP index to send (31 bits). */
    int sendRtcpIndex;
    /** Whether the session has protected a packet of this SSRC. */
    boolean sending;
    final ReplayWindow rtpWindow;
    final ReplayWindow rtcpWindow;

    SrtpStream(int ssrc, int windowSize) {
        this.ssrc = ssrc;
        this.rtpWindow = new ReplayWindow(windowSize);
        this.rtcpWindow = new ReplayWindow(windowSize);
    }

    /**
     * The packet index of sequence number {@code seq}, estimated from the highest index so far as in
     * RFC 3711 Appendix A (with {@code s_l} and ROC taken from {@code highest}); for the first packet
     * ({@code highest < 0}) the ROC is 0. The result is negative when {@code seq} is from before
     * index 0.
     */
    static long estimateIndex(long highest, int seq) {
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        int sl = (int) (highest & 0xffff);
        long v;
        if (sl < 32768) {
            v = seq - sl > 32768 ? roc - 1 : roc;
        } else {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }
        return (v << 16) + seq;
    }
}
