package org.rtc4j.rtp;

import java.nio.charset.StandardCharsets;

/**
 * The RTP header extensions WebRTC negotiates, by their SDP {@code extmap} URI, with static codecs for
 * their values. Values are read from and written to the caller's buffer at a given offset (as found
 * by {@link RtpPacket#extensionOffset(int)} or reserved by {@link RtpWriter#reserveExtension}); only
 * the string readers allocate.
 */
public enum HeaderExtension {
    /** RFC 9143 §14: the media section's mid, an ASCII string. */
    SDES_MID("urn:ietf:params:rtp-hdrext:sdes:mid"),
    /** RFC 8852 §3.1: the RTP stream id (rid) of a simulcast layer. */
    RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
    /** RFC 8852 §3.2: the rid of the stream a redundancy (RTX) stream repairs. */
    REPAIRED_RTP_STREAM_ID("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"),
    /** The absolute send time, 24 bits of 6.18 fixed-point seconds (webrtc.org experiment). */
    ABS_SEND_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: a 16-bit transport-wide sequence number. */
    TRANSPORT_WIDE_CC("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
    /** RFC 6464 §3: voice activity flag and level in -dBov (0 ~ 127). */
    SSRC_AUDIO_LEVEL("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
    /** 3GPP TS 26.114 §7.4.5: camera (C), flip (F) and rotation (R1 R0) bits. */
    VIDEO_ORIENTATION("urn:3gpp:video-orientation"),
    /** Playout delay limits, two 12-bit values in 10 ms units (webrtc.org experiment). */
    PLAYOUT_DELAY("http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"),
    /** Absolute capture time, a 64-bit NTP timestamp and an optional clock offset (webrtc.org experiment). */
    ABS_CAPTURE_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time");

    private final String uri;

    HeaderExtension(String uri) {
        this.uri = uri;
    }

    /** The URI that names it in {@code a=extmap}. */
    public String uri() {
        return uri;
    }

    /** The extension with this URI, or null for one this package does not type (it is still kept). */
    public static HeaderExtension ofUri(String uri) {
        for (HeaderExtension e : values()) {
            if (e.uri.equals(uri)) {
                return e;
            }
        }
        return null;
    }

    // --- abs-send-time

    /** abs-send-time's 24-bit value for a time in nanoseconds (6.18 fixed point, wrapping every 64 s). */
    public static int absSendTime(long nanos) {
        return (int) (((nanos % 64_000_000_000L + 64_000_000_000L) % 64_000_000_000L << 18) / 1_000_000_000L) & 0xFFFFFF;
    }

    /** abs-send-time's value converted to nanoseconds within its 64 s window. */
    public static long absSendTimeNanos(int value) {
        return ((value & 0xFFFFFFL) * 1_000_000_000L) >>> 18;
    }

    public static int readAbsSendTime(byte[] b, int off) {
        return Bytes.u24(b, off);
    }

    public static void writeAbsSendTime(byte[] b, int off, int value) {
        Bytes.put24(b, off, value);
    }

    // --- transport-wide-cc

    public static int readTransportSequence(byte[] b, int off) {
        return Bytes.u16(b, off);
    }

    public static void writeTransportSequence(byte[] b, int off, int seq) {
        Bytes.put16(b, off, seq);
    }

    // --- ssrc-audio-level

    /** RFC 6464's voice activity flag. */
    public static boolean readVoiceActivity(byte[] b, int off) {
        return (b[off] & 0x80) != 0;
    }

    /** RFC 6464's level, 0 ~ 127 meaning 0 ~ -127 dBov. */
    public static int readAudioLevel(byte[] b, int off) {
        return b[off] & 0x7F;
    }

    public static void writeAudioLevel(byte[] b, int off, boolean voice, int level) {
        if (level < 0 || level > 127) {
            throw new IllegalArgumentException("level " + level + " (expected: 0 ~ 127)");
        }
        b[off] = (byte) ((voice ? 0x80 : 0) | level);
    }

    // --- video-orientation

    /** Clockwise rotation in degrees: 0, 90, 180 or 270. */
    public static int readRotation(byte[] b, int off) {
        return (b[off] & 0x03) * 90;
    }

    public static boolean readBackCamera(byte[] b, int off) {
        return (b[off] & 0x08) != 0;
    }

    public static boolean readFlip(byte[] b, int off) {
        return (b[off] & 0x04) != 0;
    }

    public static void writeVideoOrientation(byte[] b, int off, boolean backCamera, boolean flip, int rotation) {
        if (rotation % 90 != 0 || rotation < 0 || rotation > 270) {
            throw new IllegalArgumentException("rotation " + rotation + " (expected: 0, 90, 180 or 270)");
        }
        b[off] = (byte) ((backCamera ? 0x08 : 0) | (flip ? 0x04 : 0) | rotation / 90);
    }

    // --- playout-delay

    /** The minimum playout delay in milliseconds. */
    public static int readMinPlayoutDelayMillis(byte[] b, int off) {
        return (Bytes.u24(b, off) >>> 12) * 10;
    }

    /** The maximum playout delay in milliseconds. */
    public static int readMaxPlayoutDelayMillis(byte[] b, int off) {
        return (Bytes.u24(b, off) & 0xFFF) * 10;
    }

    public static void writePlayoutDelay(byte[] b, int off, int minMillis, int maxMillis) {
        if (minMillis < 0 || maxMillis < minMillis || maxMillis > 40950) {
            throw new IllegalArgumentException("playout delay " + minMillis + "/" + maxMillis + " (expected: 0 <= min <= max <= 40950 ms)");
        }
        Bytes.put24(b, off, minMillis / 10 << 12 | maxMillis / 10);
    }

    // --- abs-capture-time

    /** The capture time as a 64-bit NTP timestamp (UQ32.32). */
    public static long readAbsCaptureTime(byte[] b, int off) {
        return Bytes.u64(b, off);
    }

    /** The estimated capture clock offset (Q32.32), present when the element is 16 bytes long. */
    public static long readCaptureClockOffset(byte[] b, int off, int len) {
        if (len < 16) {
            throw new IllegalArgumentException("element of " + len + " bytes has no clock offset (expected: 16)");
        }
        return Bytes.u64(b, off + 8);
    }

    public static void writeAbsCaptureTime(byte[] b, int off, long ntp) {
        Bytes.put64(b, off, ntp);
    }

    // --- sdes:mid, rtp-stream-id, repaired-rtp-stream-id

    /** An ASCII string value (mid, rid); allocates the string. */
    public static String readString(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    /** Whether the element's bytes equal {@code ascii}, without allocating. */
    public static boolean stringEquals(byte[] b, int off, int len, CharSequence ascii) {
        if (len != ascii.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
