package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An Opus decoder (RFC 6716) on libopus through libavcodec, with 16-bit output at 48 kHz.
 *
 * <p>Packet-loss concealment is libopus's own: FFmpeg's wrapper has no call for it, but a packet whose
 * frame has length zero (just a TOC byte, RFC 6716 §3.2.1) makes libopus conceal exactly that frame's
 * duration in the previous mode, so {@link #conceal} decodes such a packet. DTX packets from the sender
 * are the same thing and decode the same way. In-band FEC data (LBRR) is not used on the receive side:
 * the wrapper has no {@code decode_fec}.
 *
 * <p>Not thread-safe. Each returned frame carries one reference the caller releases.
 */
public final class OpusDecoder implements AudioDecoder {
    private final int channels;
    private final AVCodecContext ctx;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private final AVFrame frame = avutil.av_frame_alloc();
    private final AudioFrame.Pool pool10;
    private final AudioFrame.Pool pool20;
    private boolean closed;

    /** @param channels output channels, 1 or 2 (the packets may be either; libopus mixes) */
    public OpusDecoder(int channels) throws MediaException {
        Natives.ensureFfmpeg();
        AudioFrame.check(channels, 20);
        this.channels = channels;
        AVCodec codec = avcodec.avcodec_find_decoder_by_name("libopus");
        if (codec == null) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "decoder libopus is not in this FFmpeg build");
        }
        ctx = avcodec.avcodec_alloc_context3(codec);
        ctx.sample_rate(AudioFrame.SAMPLE_RATE);
        avutil.av_channel_layout_default(ctx.ch_layout(), channels);
        ctx.request_sample_fmt(AV_SAMPLE_FMT_S16);
        int r = avcodec.avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (r < 0) {
            avcodec.avcodec_free_context(ctx);
            throw new MediaException(MediaException.Reason.CODEC, "cannot open libopus decoder: " + Natives.error(r));
        }
        pool10 = new AudioFrame.Pool(channels, 10, 4);
        pool20 = new AudioFrame.Pool(channels, 20, 4);
    }

    @Override
    public AudioFrame decode(byte[] data, int off, int len, long captureTimeNanos) throws MediaException {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        if (len <= 0) {
            throw new MediaException(MediaException.Reason.CORRUPT, "empty Opus packet");
        }
        int r = avcodec.av_new_packet(packet, len);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.CODEC, "av_new_packet: " + Natives.error(r));
        }
        AudioFrame out = null;
        try {
            packet.data().put(data, off, len);
            r = avcodec.avcodec_send_packet(ctx, packet);
            if (r < 0) {
                throw new MediaException(MediaException.Reason.CORRUPT, "Opus packet does not decode: " + Natives.error(r));
            }
            while (true) {
                r = avcodec.avcodec_receive_frame(ctx, frame);
                if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                    break;
                }
                if (r < 0) {
                    throw new MediaException(MediaException.Reason.CORRUPT, "Opus packet does not decode: " + Natives.error(r));
                }
                try {
                    if (out == null) {
                        out = copy(frame, captureTimeNanos);
                    }
                } finally {
                    avutil.av_frame_unref(frame);
                }
            }
        } finally {
            avcodec.av_packet_unref(packet);
        }
        if (out == null) {
            throw new MediaException(MediaException.Reason.CORRUPT, "Opus packet gave no audio");
        }
        return out;
    }

    private AudioFrame copy(AVFrame f, long t) throws MediaException {
        int n = f.nb_samples();
        if (f.format() != AV_SAMPLE_FMT_S16 || (n != 480 && n != 960) || f.ch_layout().nb_channels() != channels) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "Opus packet of " + n + " samples, format "
                    + f.format() + ", " + f.ch_layout().nb_channels() + " channels (expected: 10 or 20 ms, s16, "
                    + channels + " channels)");
        }
        AudioFrame out = (n == 480 ? pool10 : pool20).acquire();
        Pointer.memcpy(new BytePointer(out.buffer()), f.data(0), (long) n * channels * 2);
        out.captureTimeNanos(t);
        return out;
    }

    @Override
    public AudioFrame conceal(int durationMs, long captureTimeNanos) throws MediaException {
        AudioFrame.check(channels, durationMs);
        // CELT fullband (config 30 for 10 ms, 31 for 20 ms), code 0, stereo flag per the output.
        byte toc = (byte) ((durationMs == 10 ? 30 : 31) << 3 | (channels == 2 ? 4 : 0));
        return decode(new byte[] {toc}, 0, 1, captureTimeNanos);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        AVCodecContext c = ctx;
        avcodec.avcodec_free_context(c);
        avcodec.av_packet_free(packet);
        avutil.av_frame_free(frame);
    }
}
