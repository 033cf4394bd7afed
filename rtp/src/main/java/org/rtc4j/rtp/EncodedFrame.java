package org.rtc4j.rtp;

import java.time.Instant;

/**
 * A frame a {@link ReceiveStream} assembled: its bytes (a copy the caller owns) as the depacketizer
 * wrote them, its RTP timestamp, whether it is a keyframe, and the RTP sequence numbers it came in.
 *
 * @param data the encoded frame (Annex B for H.264, the VP8 frame, the audio frame)
 * @param rtpTimestamp its RTP timestamp
 * @param keyframe whether it can be decoded on its own
 * @param firstSequence the first packet's sequence number
 * @param lastSequence the last packet's sequence number
 * @param playoutTime when the jitter buffer released it
 */
public record EncodedFrame(byte[] data, long rtpTimestamp, boolean keyframe, int firstSequence, int lastSequence,
                           Instant playoutTime) {
}
