package org.rtc4j.srtp;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of SRTP and SRTCP under one master key (RFC 3711 §3.3, §3.4), in place on
 * caller-supplied buffers. A DTLS-SRTP association uses two: one keyed with the local write key to
 * {@code protect}, one keyed with the remote write key to {@code unprotect}.
 *
 * <p>Buffers: every method works on {@code buf[off, off + len)} and keeps no reference to it.
 * {@code protect} and {@code protectRtcp} need room after the packet for what they append
 * ({@link #maxProtectOverhead()} bytes at most) and throw {@link IllegalArgumentException} for a
 * packet that is not well-formed RTP or RTCP, or a buffer without that room. {@code unprotect} and
 * {@code unprotectRtcp} never throw for any bytes: they return the new length, or a negative
 * {@link SrtpDropReason#code()} and count the drop; the bytes of a dropped packet may have been
 * changed.
 *
 * <p>Streams: the state of each SSRC (its roll-over counter, replay windows, SRTCP index) is created
 * when the SSRC is first protected or first authenticated on receipt (a forged packet creates
 * nothing), up to {@code maxStreams}; packets of further SSRCs are dropped as
 * {@link SrtpDropReason#TOO_MANY_STREAMS} (or rejected with {@link IllegalStateException} when
 * protecting). The replay window covers {@code replayWindow} indices (a multiple of 64, at least 64).
 *
 * <p>Steady state allocates nothing for the AES-CM profiles; with the AES-GCM profiles the JCE must
 * be re-initialised per packet and SunJCE allocates about 1 KB inside each {@code init} (see
 * {@code AesGcmTransform}). Not thread-safe: one session belongs to one event loop.
 */
public final class SrtpSession {
    private static final Logger LOG = LoggerFactory.getLogger(SrtpSession.class);

    /** Default bound on the number of SSRCs a session tracks. */
    public static final int DEFAULT_MAX_STREAMS = 64;
    /** Default replay window, in packets (RFC 3711 §3.3.2 asks for at least 64). */
    public static final int DEFAULT_REPLAY_WINDOW = 128;

    private final SrtpProfile profile;
    private final SrtpTransform transform;
    private final int windowSize;
    private final int maxStreams;
    private final SrtpStream[] table;
    private int streamCount;
    private SrtpStream last;
    private final long[] dropped = new long[SrtpDropReason.values().length];
    private long protectedRtp;
    private long protectedRtcp;
    private long unprotectedRtp;
    private long unprotectedRtcp;

    /**
     * A session with the default bounds.
     *
     * @param masterKey {@link SrtpProfile#keyLength()} bytes, copied
     * @param masterSalt {@link SrtpProfile#saltLength()} bytes, copied
     * @throws SrtpException if the JCE lacks an algorithm the profile needs
     */
    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) throws SrtpException {
        this(profile, masterKey, masterSalt, DEFAULT_MAX_STREAMS, DEFAULT_REPLAY_WINDOW);
    }

    /**
     * @param maxStreams how many SSRCs the session tracks at most (1 ~ 65536)
     * @param replayWindow the replay window in packets (a multiple of 64, 64 ~ 32768)
     * @throws SrtpException if the JCE lacks an algorithm the profile needs
     */
    public SrtpSession(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxStreams, int replayWindow)
            throws SrtpException {
        Objects.requireNonNull(profile, "profile");
        if (masterKey.length != profile.keyLength()) {
            throw new IllegalArgumentException("master key length " + masterKey.length + " (expected: " + profile.keyLength() + ")");
        }
        if (masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException("master salt length " + masterSalt.length + " (expected: " + profile.saltLength() + ")");
        }
        if (maxStreams < 1 || maxStreams > 65536) {
            throw new IllegalArgumentException("maxStreams " + maxStreams + " (expected: 1 ~ 65536)");
        }
        if (replayWindow < 64 || replayWindow > 32768 || replayWindow % 64 != 0) {
            throw new IllegalArgumentException("replayWindow " + replayWindow + " (expected: a multiple of 64 in 64 ~ 32768)");
        }
        this.profile = profile;
        this.transform = profile.isAead()
                ? AesGcmTransform.derive(profile, masterKey, masterSalt)
                : new AesCmHmacTransform(profile, masterKey.clone(), masterSalt.clone());
        this.windowSize = replayWindow;
        this.maxStreams = maxStreams;
        this.table = new SrtpStream[Integer.highestOneBit(maxStreams * 2 - 1) << 1];
    }

    /** The protection profile. */
    public SrtpProfile profile() {
        return profile;
    }

    /** The most bytes {@code protect} or {@code protectRtcp} append to a packet. */
    public int maxProtectOverhead() {
        return Math.max(profile.rtpTagLength(), profile.rtcpTagLength() + 4);
    }

    // ---- RTP -------------------------------------------------------------------------------

    /**
     * Encrypts and authenticates the RTP packet {@code buf[off, off + len)} in place and appends the
     * tag (RFC 3711 §3.3, RFC 7714 §8).
     *
     * @return the SRTP packet's length, {@code len + profile().rtpTagLength()}
     * @throws IllegalArgumentException if the packet is not RTP version 2, or there is no room for the tag
     * @throws IllegalStateException if the SSRC would exceed {@code maxStreams}
     */
    public int protect(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int hdr = rtpHeaderLength(buf, off, len);
        if (hdr < 0) {
            throw new IllegalArgumentException("not an RTP version 2 packet with a complete header (length " + len + ")");
        }
        if (buf.length - off - len < profile.rtpTagLength()) {
            throw new IllegalArgumentException("no room for the " + profile.rtpTagLength() + "-byte tag after the packet");
        }
        SrtpStream s = stream(readInt(buf, off + 8));
        if (s == null) {
            throw new IllegalStateException("more than maxStreams (" + maxStreams + ") SSRCs");
        }
        s.sending = true;
        int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        long index = SrtpStream.estimateIndex(s.sendIndex, seq);
        if (index < 0) {
            index = seq; // a sequence number from before the first one sent: keep ROC 0
        }
        if (index > s.sendIndex) {
            s.sendIndex = index;
        }
        protectedRtp++;
        return transform.protectRtp(buf, off, hdr, len, s.ssrc, index);
    }

    /**
     * Authenticates, checks for replay, and decrypts the SRTP packet {@code buf[off, off + len)} in
     * place (RFC 3711 §3.3, RFC 7714 §8).
     *
     * @return the RTP packet's length, or a negative {@link SrtpDropReason#code()} if it was dropped
     */
    public int unprotect(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            return drop(SrtpDropReason.TRUNCATED, 0);
        }
        int hdr = rtpHeaderLength(buf, off, len);
        if (hdr == -2) {
            return drop(SrtpDropReason.NOT_RTP, 0);
        }
        if (hdr < 0 || len - hdr < profile.rtpTagLength()) {
            return drop(SrtpDropReason.TRUNCATED, 0);
        }
        int ssrc = readInt(buf, off + 8);
        SrtpStream s = find(ssrc);
        if (s == null && streamCount >= maxStreams) {
            return drop(SrtpDropReason.TOO_MANY_STREAMS, ssrc);
        }
        int seq = ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        long index = SrtpStream.estimateIndex(s == null ? -1 : s.rtpWindow.highest(), seq);
        if (s != null) {
            int r = s.rtpWindow.check(index);
            if (r < 0) {
                return drop(SrtpDropReason.fromCode(r), ssrc);
            }
        }
        int n = transform.unprotectRtp(buf, off, hdr, len, ssrc, index);
        if (n < 0) {
            return drop(SrtpDropReason.fromCode(n), ssrc);
        }
        if (s == null) {
            s = stream(ssrc); // only an authenticated packet creates a stream
        }
        s.rtpWindow.accept(index);
        unprotectedRtp++;
        return n;
    }

    // ---- RTCP ------------------------------------------------------------------------------

    /**
     * Encrypts and authenticates the compound RTCP packet {@code buf[off, off + len)} in place and
     * appends the E flag (always set), the 31-bit SRTCP index and the tag (RFC 3711 §3.4, RFC 7714 §9).
     * The SRTCP index counts up per SSRC and wraps at 2^31; rekey before that.
     *
     * @return the SRTCP packet's length, {@code len + 4 + profile().rtcpTagLength()}
     * @throws IllegalArgumentException if the packet is not RTCP version 2 of at least 8 bytes, or there is no room
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 8 || (buf[off] & 0xc0) != 0x80) {
            throw new IllegalArgumentException("not an RTCP version 2 packet of at least 8 bytes (length " + len + ")");
        }
        if (buf.length - off - len < 4 + profile.rtcpTagLength()) {
            throw new IllegalArgumentException("no room for the " + (4 + profile.rtcpTagLength()) + "-byte SRTCP trailer");
        }
        SrtpStream s = stream(readInt(buf, off + 4));
        if (s == null) {
            throw new IllegalStateException("more than maxStreams (" + maxStreams + ") SSRCs");
        }
        s.sending = true;
        int index = s.sendRtcpIndex;
        s.sendRtcpIndex = (index + 1) & 0x7fffffff;
        protectedRtcp++;
        return transform.protectRtcp(buf, off, len, s.ssrc, index);
    }

    /**
     * Authenticates, checks for replay, and decrypts the SRTCP packet {@code buf[off, off + len)} in
     * place (RFC 3711 §3.4, RFC 7714 §9). Packets with the E flag clear are authenticated and
     * accepted unencrypted with the AES-CM profiles, and dropped as {@link SrtpDropReason#UNSUPPORTED}
     * with the AEAD profiles.
     *
     * @return the RTCP packet's length, or a negative {@link SrtpDropReason#code()} if it was dropped
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            return drop(SrtpDropReason.TRUNCATED, 0);
        }
        if (len < 8 + 4 + profile.rtcpTagLength()) {
            return drop(SrtpDropReason.TRUNCATED, 0);
        }
        if ((buf[off] & 0xc0) != 0x80) {
            return drop(SrtpDropReason.NOT_RTP, 0);
        }
        int ssrc = readInt(buf, off + 4);
        SrtpStream s = find(ssrc);
        if (s == null && streamCount >= maxStreams) {
            return drop(SrtpDropReason.TOO_MANY_STREAMS, ssrc);
        }
        int word = readInt(buf, off + transform.rtcpTrailerOffset(len));
        long index = word & 0x7fffffffL;
        if (s != null) {
            int r = s.rtcpWindow.check(index);
            if (r < 0) {
                return drop(SrtpDropReason.fromCode(r), ssrc);
            }
        }
        int n = transform.unprotectRtcp(buf, off, len, ssrc, word);
        if (n < 0) {
            return drop(SrtpDropReason.fromCode(n), ssrc);
        }
        if (s == null) {
            s = stream(ssrc); // only an authenticated packet creates a stream
        }
        s.rtcpWindow.accept(index);
        unprotectedRtcp++;
        return n;
    }

    // ---- stats -----------------------------------------------------------------------------

    /** How many received packets were dropped for {@code reason}. */
    public long dropped(SrtpDropReason reason) {
        return dropped[reason.ordinal()];
    }

    /** How many received packets were dropped, for any reason. */
    public long droppedTotal() {
        long t = 0;
        for (long d : dropped) {
            t += d;
        }
        return t;
    }

    /** RTP packets protected. */
    public long protectedRtpCount() {
        return protectedRtp;
    }

    /** RTCP packets protected. */
    public long protectedRtcpCount() {
        return protectedRtcp;
    }

    /** SRTP packets accepted by {@link #unprotect}. */
    public long unprotectedRtpCount() {
        return unprotectedRtp;
    }

    /** SRTCP packets accepted by {@link #unprotectRtcp}. */
    public long unprotectedRtcpCount() {
        return unprotectedRtcp;
    }

    /** How many SSRCs the session tracks. */
    public int streamCount() {
        return streamCount;
    }

    /**
     * The roll-over counter of {@code ssrc} as a receiver (RFC 3711 §3.3.1), or -1 if that SSRC has
     * not been received.
     */
    public long receiveRolloverCounter(int ssrc) {
        SrtpStream s = find(ssrc);
        return s == null || s.rtpWindow.highest() < 0 ? -1 : s.rtpWindow.highest() >>> 16;
    }

    /**
     * Forgets the receive state of {@code ssrc} (its roll-over counter and replay windows), as a
     * receiver may when the source has left (an RTCP BYE, RFC 3550 §6.6) or has been silent for long,
     * and frees its place under {@code maxStreams}. A later packet of that SSRC starts a new stream, so
     * its replay protection restarts too.
     *
     * @return whether the session tracked {@code ssrc}
     * @throws IllegalStateException if this session has protected packets of {@code ssrc}: its indices
     *     would restart and reuse keystream under the same key
     */
    public boolean removeStream(int ssrc) {
        int mask = table.length - 1;
        int i = mix(ssrc) & mask;
        for (; ; i = (i + 1) & mask) {
            SrtpStream s = table[i];
            if (s == null) {
                return false;
            }
            if (s.ssrc == ssrc) {
                if (s.sending) {
                    throw new IllegalStateException("SSRC " + Integer.toUnsignedString(ssrc)
                            + " has been protected by this session (expected: a receiving stream)");
                }
                break;
            }
        }
        table[i] = null;
        streamCount--;
        if (last != null && last.ssrc == ssrc) {
            last = null;
        }
        // Linear probing: move later entries of the same probe run back into the hole.
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = mix(table[j].ssrc) & mask;
            boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                table[i] = table[j];
                table[j] = null;
                i = j;
            }
        }
        return true;
    }

    // ---- internals -------------------------------------------------------------------------

    private int drop(SrtpDropReason reason, int ssrc) {
        dropped[reason.ordinal()]++;
        if (LOG.isDebugEnabled()) {
            LOG.debug("dropped SRTP/SRTCP packet of SSRC {}: {}", Integer.toUnsignedString(ssrc), reason);
        }
        return reason.code();
    }

    /**
     * The RTP header length (RFC 3550 §5.1: 12 bytes, CSRCs, extension), -2 if not version 2, or -1
     * if the header does not fit in {@code len}.
     */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < 12) {
            return -1;
        }
        int b0 = buf[off] & 0xff;
        if ((b0 & 0xc0) != 0x80) {
            return -2;
        }
        int n = 12 + 4 * (b0 & 0x0f);
        if ((b0 & 0x10) != 0) {
            if (len < n + 4) {
                return -1;
            }
            int words = ((buf[off + n + 2] & 0xff) << 8) | (buf[off + n + 3] & 0xff);
            n += 4 + 4 * words;
        }
        return n <= len ? n : -1;
    }

    private static int readInt(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private SrtpStream find(int ssrc) {
        SrtpStream l = last;
        if (l != null && l.ssrc == ssrc) {
            return l;
        }
        int mask = table.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            SrtpStream s = table[i];
            if (s == null || s.ssrc == ssrc) {
                return s;
            }
        }
    }

    /** The stream of {@code ssrc}, created on first use; null when the bound is reached. */
    private SrtpStream stream(int ssrc) {
        SrtpStream l = last;
        if (l != null && l.ssrc == ssrc) {
            return l;
        }
        int mask = table.length - 1;
        int i = mix(ssrc) & mask;
        for (; ; i = (i + 1) & mask) {
            SrtpStream s = table[i];
            if (s == null) {
                break;
            }
            if (s.ssrc == ssrc) {
                last = s;
                return s;
            }
        }
        if (streamCount >= maxStreams) {
            return null;
        }
        SrtpStream s = new SrtpStream(ssrc, windowSize);
        table[i] = s;
        streamCount++;
        last = s;
        return s;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
