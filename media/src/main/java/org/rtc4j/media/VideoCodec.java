package org.rtc4j.media;


/**
 * The video codecs WebRTC negotiates, with their SDP names and the RTP payload format each one uses
 * (VP8 RFC 7741, VP9 RFC 9628, H.264 RFC 6184, AV1 the AOM RTP payload specification).
 */
public enum VideoCodec {
    VP8("VP8"),
    VP9("VP9"),
    /** H.264 constrained baseline, level 3.1, packetization mode 1 (what browsers offer first). */
    H264("H264"),
    AV1("AV1");

    /** The constrained baseline profile-level-id rtc4j's H.264 encoder produces: profile_idc 66, constraint_set1, level 3.1. */
    public static final String H264_PROFILE_LEVEL_ID = "42e01f";

    private final String sdpName;

    VideoCodec(String sdpName) {
        this.sdpName = sdpName;
    }

    /** The encoding name in {@code a=rtpmap}. */
    public String sdpName() {
        return sdpName;
    }

    /** This codec's capability for SDP (clock rate 90000, RFC 3551 §5). */
    public CodecCapability capability() {
        return switch (this) {
            case H264 -> new CodecCapability(sdpName, 90_000, 0, CodecCapability.params("level-asymmetry-allowed", "1",
                    "packetization-mode", "1", "profile-level-id", H264_PROFILE_LEVEL_ID));
            case VP9 -> new CodecCapability(sdpName, 90_000, 0, CodecCapability.params("profile-id", "0"));
            case AV1 -> new CodecCapability(sdpName, 90_000, 0, CodecCapability.params("profile", "0", "level-idx", "5", "tier", "0"));
            default -> new CodecCapability(sdpName, 90_000, 0, CodecCapability.params());
        };
    }
}
