package org.rtc4j.media;

import java.util.Set;

/** The file formats {@link MediaRecorder} writes and {@link MediaFileReader} reads, with the codecs each one carries. */
public enum Container {
    /** WebM (Matroska subset): VP8 or VP9 (and AV1) with Opus. */
    WEBM("webm", Set.of(VideoCodec.VP8, VideoCodec.VP9, VideoCodec.AV1), true),
    /** MP4 (ISO BMFF): H.264 (or AV1) with Opus (the "Opus in ISOBMFF" mapping). */
    MP4("mp4", Set.of(VideoCodec.H264, VideoCodec.AV1), true),
    /** IVF: one VP8, VP9 or AV1 stream, no audio (libvpx's test format). */
    IVF("ivf", Set.of(VideoCodec.VP8, VideoCodec.VP9, VideoCodec.AV1), false),
    /** Ogg: Opus only (RFC 7845). */
    OGG("ogg", Set.of(), true);

    final String muxer;
    private final Set<VideoCodec> video;
    private final boolean audio;

    Container(String muxer, Set<VideoCodec> video, boolean audio) {
        this.muxer = muxer;
        this.video = video;
        this.audio = audio;
    }

    /** Whether the format carries this video codec. */
    public boolean carries(VideoCodec codec) {
        return video.contains(codec);
    }

    /** Whether the format carries Opus. */
    public boolean carriesOpus() {
        return audio;
    }
}
