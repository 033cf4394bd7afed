package org.rtc4j.media;

/**
 * One encoded video frame as a {@link VideoEncoder} emits it and an RTP packetizer of the {@code rtp}
 * module takes it: a VP8/VP9 frame, an H.264 access unit in Annex B form (start codes, SPS and PPS before
 * every IDR), or an AV1 temporal unit of low-overhead OBUs.
 *
 * @param codec the codec
 * @param data the bytes, a copy the receiver owns
 * @param captureTimeNanos the capture time of the raw frame it came from
 * @param keyframe whether it decodes on its own
 * @param width coded width
 * @param height coded height
 * @param encodeNanos how long the encoder took from the raw frame to this output
 * @param temporalLayer the temporal layer (TID of RFC 7741 §4.2), 0 without temporal layers; frames of
 *        layer n reference only layers up to n, so a forwarder may drop the higher layers
 */
public record EncodedVideoFrame(VideoCodec codec, byte[] data, long captureTimeNanos, boolean keyframe, int width,
                                int height, long encodeNanos, int temporalLayer) {
    /** The RTP timestamp for this frame on the 90 kHz video clock (RFC 3551 §5), modulo 2^32. */
    public long rtpTimestamp() {
        return (captureTimeNanos / 100_000L * 9L) & 0xffff_ffffL;
    }
}
