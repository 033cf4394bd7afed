package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;

import java.nio.file.Path;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes encoded media (what an encoder produced or a depacketizer assembled) into a file with FFmpeg's
 * avformat, without re-encoding: WebM (VP8/VP9 + Opus), MP4 (H.264 + Opus), IVF (VP8/VP9/AV1), Ogg (Opus).
 *
 * <p>The header is written at the first video keyframe (H.264 needs its SPS and PPS for the MP4
 * {@code avcC} box; earlier delta frames are dropped, as a receiver would), or at the first audio packet
 * of an audio-only file. Timestamps come from capture times, relative to the first packet. Opus gets the
 * OpusHead identification header of RFC 7845 §5.1 (pre-skip 312, libopus's look-ahead).
 *
 * <p>Not thread-safe: write from one thread (a recorder thread fed by a queue, never the network loop).
 * Buffer ownership: packet bytes are copied. {@link #close()} writes the trailer (index, duration).
 */
public final class MediaRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRecorder.class);

    private final Path path;
    private final Container container;
    private final VideoCodec videoCodec;
    private final int width;
    private final int height;
    private final int audioChannels;
    private AVFormatContext fmt;
    private AVStream videoStream;
    private AVStream audioStream;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private boolean headerWritten;
    private long baseNanos = Long.MIN_VALUE;
    private long lastVideoPts = -1;
    private long audioSamples;
    private long videoFrames;
    private long audioPackets;
    private boolean closed;

    /**
     * Creates the file.
     *
     * @param videoCodec the video codec, or null for audio only
     * @param audioChannels Opus channels (1 or 2), or 0 for video only
     * @throws IllegalArgumentException when the container cannot carry the codecs
     */
    public MediaRecorder(Path path, Container container, VideoCodec videoCodec, int width, int height, int audioChannels)
            throws MediaException {
        if (videoCodec != null && !container.carries(videoCodec)) {
            throw new IllegalArgumentException(container + " cannot carry " + videoCodec + " (expected: one of "
                    + java.util.Arrays.stream(VideoCodec.values()).filter(container::carries).toList() + ")");
        }
        if (audioChannels != 0 && !container.carriesOpus()) {
            throw new IllegalArgumentException(container + " cannot carry Opus (expected: audioChannels 0)");
        }
        if (videoCodec == null && audioChannels == 0) {
            throw new IllegalArgumentException("nothing to record (expected: a video codec or audio channels)");
        }
        if (audioChannels < 0 || audioChannels > 2) {
            throw new IllegalArgumentException("audio channels " + audioChannels + " (expected: 0, 1 or 2)");
        }
        Natives.ensureFfmpeg();
        this.path = path;
        this.container = container;
        this.videoCodec = videoCodec;
        this.width = width;
        this.height = height;
        this.audioChannels = audioChannels;
        AVFormatContext ctx = new AVFormatContext(null);
        int r = avformat.avformat_alloc_output_context2(ctx, null, container.muxer, path.toString());
        if (r < 0 || ctx.isNull()) {
            throw new MediaException(MediaException.Reason.IO, "cannot create " + container + " muxer: " + Natives.error(r));
        }
        this.fmt = ctx;
        if (videoCodec != null) {
            videoStream = avformat.avformat_new_stream(fmt, null);
            AVCodecParameters p = videoStream.codecpar();
            p.codec_type(avutil.AVMEDIA_TYPE_VIDEO);
            p.codec_id(switch (videoCodec) {
                case VP8 -> avcodec.AV_CODEC_ID_VP8;
                case VP9 -> avcodec.AV_CODEC_ID_VP9;
                case H264 -> avcodec.AV_CODEC_ID_H264;
                case AV1 -> avcodec.AV_CODEC_ID_AV1;
            });
            p.width(width);
            p.height(height);
            p.format(avutil.AV_PIX_FMT_YUV420P);
            videoStream.time_base(avutil.av_make_q(1, 90_000));
            videoStream.avg_frame_rate(avutil.av_make_q(30, 1));
        }
        if (audioChannels > 0) {
            audioStream = avformat.avformat_new_stream(fmt, null);
            AVCodecParameters p = audioStream.codecpar();
            p.codec_type(avutil.AVMEDIA_TYPE_AUDIO);
            p.codec_id(avcodec.AV_CODEC_ID_OPUS);
            p.sample_rate(AudioFrame.SAMPLE_RATE);
            avutil.av_channel_layout_default(p.ch_layout(), audioChannels);
            p.initial_padding(312);
            setExtradata(p, opusHead(audioChannels));
            audioStream.time_base(avutil.av_make_q(1, AudioFrame.SAMPLE_RATE));
        }
        AVIOContext io = new AVIOContext(null);
        r = avformat.avio_open(io, path.toString(), avformat.AVIO_FLAG_WRITE);
        if (r < 0) {
            avformat.avformat_free_context(fmt);
            fmt = null;
            throw new MediaException(MediaException.Reason.IO, "cannot open " + path + " for writing: " + Natives.error(r));
        }
        fmt.pb(io);
    }

    /** The OpusHead identification header (RFC 7845 §5.1). */
    static byte[] opusHead(int channels) {
        byte[] h = new byte[19];
        System.arraycopy("OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, h, 0, 8);
        h[8] = 1;                                            // version
        h[9] = (byte) channels;
        h[10] = (byte) (312 & 0xff);                         // pre-skip, little endian
        h[11] = (byte) (312 >> 8);
        int rate = AudioFrame.SAMPLE_RATE;
        h[12] = (byte) rate;
        h[13] = (byte) (rate >> 8);
        h[14] = (byte) (rate >> 16);
        h[15] = (byte) (rate >> 24);
        return h;                                            // output gain 0, mapping family 0
    }

    private static void setExtradata(AVCodecParameters p, byte[] data) {
        BytePointer ext = new BytePointer(avutil.av_mallocz(data.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
        ext.capacity(data.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE);
        ext.put(data, 0, data.length);
        p.extradata(ext);
        p.extradata_size(data.length);
    }

    private void writeHeader(byte[] firstKeyframe) throws MediaException {
        if (videoCodec == VideoCodec.H264 && container == Container.MP4) {
            setExtradata(videoStream.codecpar(), parameterSets(firstKeyframe));
        }
        int r = avformat.avformat_write_header(fmt, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "cannot write the " + container + " header: " + Natives.error(r));
        }
        headerWritten = true;
    }

    /** The SPS and PPS NAL units of an Annex B access unit, with their start codes. */
    static byte[] parameterSets(byte[] au) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i + 3 < au.length) {
            if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1) {
                int start = i + 3;
                int end = start;
                while (end + 2 < au.length && !(au[end] == 0 && au[end + 1] == 0 && (au[end + 2] == 1 || (end + 3 < au.length && au[end + 2] == 0 && au[end + 3] == 1)))) {
                    end++;
                }
                if (end + 2 >= au.length) {
                    end = au.length;
                }
                int type = au[start] & 0x1f;
                if (type == 7 || type == 8) {
                    out.write(0);
                    out.write(0);
                    out.write(0);
                    out.write(1);
                    out.write(au, start, end - start);
                }
                i = end;
            } else {
                i++;
            }
        }
        return out.toByteArray();
    }

    /** Writes one encoded video frame. Delta frames before the first keyframe are dropped. */
    public void writeVideo(EncodedVideoFrame frame) throws MediaException {
        check();
        if (videoStream == null) {
            throw new IllegalStateException("this recording has no video stream");
        }
        if (frame.codec() != videoCodec) {
            throw new IllegalArgumentException(frame.codec() + " frame (expected: " + videoCodec + ")");
        }
        if (!headerWritten) {
            if (!frame.keyframe()) {
                return;
            }
            writeHeader(frame.data());
        }
        long pts = relative90k(frame.captureTimeNanos());
        if (pts <= lastVideoPts) {
            pts = lastVideoPts + 1;
        }
        lastVideoPts = pts;
        write(videoStream, frame.data(), pts, avutil.av_make_q(1, 90_000), frame.keyframe(), 3000);
        videoFrames++;
    }

    /**
     * Writes one Opus packet.
     *
     * @param samplesPerChannel the packet's duration at 48 kHz (960 for 20 ms)
     */
    public void writeAudio(byte[] opus, long captureTimeNanos, int samplesPerChannel) throws MediaException {
        check();
        if (audioStream == null) {
            throw new IllegalStateException("this recording has no audio stream");
        }
        if (!headerWritten) {
            if (videoStream != null) {
                return;                                      // wait for the video keyframe
            }
            writeHeader(null);
        }
        if (baseNanos == Long.MIN_VALUE) {
            baseNanos = captureTimeNanos;
        }
        write(audioStream, opus, audioSamples, avutil.av_make_q(1, AudioFrame.SAMPLE_RATE), true, samplesPerChannel);
        audioSamples += samplesPerChannel;
        audioPackets++;
    }

    private long relative90k(long nanos) {
        if (baseNanos == Long.MIN_VALUE) {
            baseNanos = nanos;
        }
        return (nanos - baseNanos) / 100_000L * 9L;
    }

    private void write(AVStream stream, byte[] data, long pts, org.bytedeco.ffmpeg.avutil.AVRational tb, boolean key,
                       long duration) throws MediaException {
        int r = avcodec.av_new_packet(packet, data.length);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "av_new_packet: " + Natives.error(r));
        }
        packet.data().put(data, 0, data.length);
        packet.stream_index(stream.index());
        packet.pts(avutil.av_rescale_q(pts, tb, stream.time_base()));
        packet.dts(packet.pts());
        packet.duration(avutil.av_rescale_q(duration, tb, stream.time_base()));
        packet.flags(key ? AV_PKT_FLAG_KEY : 0);
        r = avformat.av_interleaved_write_frame(fmt, packet);
        avcodec.av_packet_unref(packet);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "cannot write to " + path + ": " + Natives.error(r));
        }
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("recorder closed");
        }
    }

    /** Video frames written. */
    public long videoFrames() {
        return videoFrames;
    }

    /** Audio packets written. */
    public long audioPackets() {
        return audioPackets;
    }

    /** Writes the trailer and closes the file. */
    @Override
    public void close() throws MediaException {
        if (closed) {
            return;
        }
        closed = true;
        int r = 0;
        if (headerWritten) {
            r = avformat.av_write_trailer(fmt);
        }
        avformat.avio_closep(fmt.pb());
        avformat.avformat_free_context(fmt);
        fmt = null;
        avcodec.av_packet_free(packet);
        LOG.debug("{}: {} video frames, {} audio packets", path, videoFrames, audioPackets);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.IO, "cannot finish " + path + ": " + Natives.error(r));
        }
    }
}
