package org.rtc4j.media;

/**
 * Reads just enough of an encoded frame to tell whether it is a keyframe: VP8's inverted P bit
 * (RFC 6386 §9.1), VP9's uncompressed-header frame_type (VP9 bitstream spec §6.2), an H.264 IDR slice
 * or SPS in Annex B (ITU-T H.264 §7.4.1.2), an AV1 sequence header OBU (AV1 spec §5.3).
 * Never throws on malformed input: garbage is "not a keyframe".
 */
public final class Keyframes {
    private Keyframes() {
    }

    /** Whether the frame is a keyframe of {@code codec}. */
    public static boolean isKeyframe(VideoCodec codec, byte[] d, int off, int len) {
        if (len <= 0 || off < 0 || off + len > d.length) {
            return false;
        }
        return switch (codec) {
            case VP8 -> len >= 10 && (d[off] & 1) == 0 && (d[off + 3] & 0xff) == 0x9d && (d[off + 4] & 0xff) == 0x01
                    && (d[off + 5] & 0xff) == 0x2a;
            case VP9 -> vp9Key(d[off] & 0xff);
            case H264 -> h264Key(d, off, len);
            case AV1 -> av1Key(d, off, len);
        };
    }

    private static boolean vp9Key(int b) {
        if ((b >> 6) != 2) {
            return false;
        }
        int profile = ((b >> 5) & 1) | (((b >> 4) & 1) << 1);
        int bit = profile == 3 ? 2 : 3;                      // bits left after marker and profile (and reserved)
        if ((b >> bit & 1) == 1) {
            return false;                                    // show_existing_frame
        }
        return ((b >> (bit - 1)) & 1) == 0;                  // frame_type 0 = KEY_FRAME
    }

    private static boolean h264Key(byte[] d, int off, int len) {
        int end = off + len;
        for (int i = off; i + 3 < end; i++) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                int type = d[i + 3] & 0x1f;
                if (type == 5 || type == 7) {
                    return true;
                }
                i += 2;
            }
        }
        return false;
    }

    private static boolean av1Key(byte[] d, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int header = d[i] & 0xff;
            int type = (header >> 3) & 0xf;
            boolean ext = (header & 4) != 0;
            boolean hasSize = (header & 2) != 0;
            if (type == 1) {
                return true;                                 // OBU_SEQUENCE_HEADER
            }
            i += ext ? 2 : 1;
            if (!hasSize) {
                return false;
            }
            long size = 0;
            for (int k = 0; k < 8 && i < end; k++) {
                int b = d[i++] & 0xff;
                size |= (long) (b & 0x7f) << (7 * k);
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (size > end - i) {
                return false;
            }
            i += (int) size;
        }
        return false;
    }
}
