package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVBSFContext;
import org.bytedeco.ffmpeg.avcodec.AVBitStreamFilter;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Reads the encoded packets of a file {@link MediaRecorder} wrote (or any WebM, MP4, IVF, Ogg or
 * Matroska file with VP8, VP9, H.264, AV1 or Opus), demuxed by avformat, in the form encoders produce and
 * packetizers take: H.264 from MP4 is turned back into Annex B with SPS/PPS before keyframes
 * ({@code h264_mp4toannexb}). Other streams are skipped.
 *
 * <p>Not thread-safe. Returned packets are copies the caller owns.
 */
public final class MediaFileReader implements AutoCloseable {
    /**
     * One encoded packet.
     *
     * @param codec the video codec, or null for Opus
     * @param data the packet bytes
     * @param ptsNanos presentation time from the start of the file
     * @param keyframe whether it is a keyframe (always true for audio)
     */
    public record Packet(VideoCodec codec, byte[] data, long ptsNanos, boolean keyframe) {
        public boolean isAudio() {
            return codec == null;
        }
    }

    private final AVFormatContext fmt;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private int videoIndex = -1;
    private int audioIndex = -1;
    private VideoCodec videoCodec;
    private AVBSFContext bsf;
    private boolean eof;

    public MediaFileReader(Path path) throws MediaException {
        Natives.ensureFfmpeg();
        AVFormatContext ctx = new AVFormatContext(null);
        int r = avformat.avformat_open_input(ctx, path.toString(), null, null);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "cannot open " + path + ": " + Natives.error(r));
        }
        fmt = ctx;
        r = avformat.avformat_find_stream_info(fmt, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (r < 0) {
            avformat.avformat_close_input(fmt);
            throw new MediaException(MediaException.Reason.IO, "cannot read stream info of " + path + ": " + Natives.error(r));
        }
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVCodecParameters p = fmt.streams(i).codecpar();
            int id = p.codec_id();
            if (videoIndex < 0 && p.codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                VideoCodec c = id == avcodec.AV_CODEC_ID_VP8 ? VideoCodec.VP8 : id == avcodec.AV_CODEC_ID_VP9 ? VideoCodec.VP9
                        : id == avcodec.AV_CODEC_ID_H264 ? VideoCodec.H264 : id == avcodec.AV_CODEC_ID_AV1 ? VideoCodec.AV1 : null;
                if (c != null) {
                    videoIndex = i;
                    videoCodec = c;
                }
            } else if (audioIndex < 0 && id == avcodec.AV_CODEC_ID_OPUS) {
                audioIndex = i;
            }
        }
        if (videoCodec == VideoCodec.H264) {
            AVCodecParameters p = fmt.streams(videoIndex).codecpar();
            if (p.extradata_size() > 0 && p.extradata().get(0) == 1) {  // avcC: length-prefixed NAL units
                AVBitStreamFilter f = avcodec.av_bsf_get_by_name("h264_mp4toannexb");
                bsf = new AVBSFContext(null);
                avcodec.av_bsf_alloc(f, bsf);
                avcodec.avcodec_parameters_copy(bsf.par_in(), p);
                bsf.time_base_in(fmt.streams(videoIndex).time_base());
                r = avcodec.av_bsf_init(bsf);
                if (r < 0) {
                    throw new MediaException(MediaException.Reason.CODEC, "h264_mp4toannexb: " + Natives.error(r));
                }
            }
        }
    }

    /** The video codec, or null when the file has no video this reader understands. */
    public VideoCodec videoCodec() {
        return videoCodec;
    }

    /** Whether the file has an Opus stream. */
    public boolean hasAudio() {
        return audioIndex >= 0;
    }

    /** Video width, or 0. */
    public int width() {
        return videoIndex < 0 ? 0 : fmt.streams(videoIndex).codecpar().width();
    }

    /** Video height, or 0. */
    public int height() {
        return videoIndex < 0 ? 0 : fmt.streams(videoIndex).codecpar().height();
    }

    /** The next video or Opus packet in file order, or null at the end. */
    public Packet next() throws MediaException {
        while (!eof) {
            if (bsf != null) {
                int r = avcodec.av_bsf_receive_packet(bsf, packet);
                if (r >= 0) {
                    return take(fmt.streams(videoIndex), videoCodec);
                }
                if (r != AVERROR_EAGAIN() && r != AVERROR_EOF) {
                    throw new MediaException(MediaException.Reason.CODEC, "h264_mp4toannexb: " + Natives.error(r));
                }
            }
            int r = avformat.av_read_frame(fmt, packet);
            if (r == AVERROR_EOF) {
                eof = true;
                return null;
            }
            if (r < 0) {
                throw new MediaException(MediaException.Reason.IO, "read: " + Natives.error(r));
            }
            int s = packet.stream_index();
            if (s == videoIndex) {
                if (bsf != null) {
                    r = avcodec.av_bsf_send_packet(bsf, packet);
                    avcodec.av_packet_unref(packet);
                    if (r < 0) {
                        throw new MediaException(MediaException.Reason.CODEC, "h264_mp4toannexb: " + Natives.error(r));
                    }
                    continue;
                }
                return take(fmt.streams(s), videoCodec);
            } else if (s == audioIndex) {
                return take(fmt.streams(s), null);
            }
            avcodec.av_packet_unref(packet);
        }
        return null;
    }

    private Packet take(AVStream stream, VideoCodec codec) {
        try {
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            long pts = packet.pts() == avutil.AV_NOPTS_VALUE ? packet.dts() : packet.pts();
            long nanos = avutil.av_rescale_q(pts, stream.time_base(), avutil.av_make_q(1, 1_000_000_000));
            return new Packet(codec, data, nanos, codec == null || (packet.flags() & AV_PKT_FLAG_KEY) != 0);
        } finally {
            avcodec.av_packet_unref(packet);
        }
    }

    /** Seeks back to the start (for looping). */
    public void rewind() throws MediaException {
        int r = avformat.av_seek_frame(fmt, -1, 0, avformat.AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "seek: " + Natives.error(r));
        }
        eof = false;
    }

    @Override
    public void close() {
        if (bsf != null) {
            avcodec.av_bsf_free(bsf);
            bsf = null;
        }
        avformat.avformat_close_input(fmt);
        avcodec.av_packet_free(packet);
    }
}
