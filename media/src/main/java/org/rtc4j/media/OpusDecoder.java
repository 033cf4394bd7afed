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
 * <p>Packet-loss concealment: FFmpeg's wrapper does not expose libopus's PLC call, so {@link #conceal}
 * continues the last decoded signal, faded by half each time (the same idea as libopus's PLC for
 * CELT, without its pitch search), and after three lost packets gives silence. Each received packet
 * is decoded by libopus with its own state, so a loss does not desynchronise the decoder.
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
    private short[] last = new short[0];
    private int lostInRow;
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
        lostInRow = 0;
        last = out.toArray();
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
    public AudioFrame conceal(int durationMs, long captureTimeNanos) {
        AudioFrame out = (durationMs == 10 ? pool10 : pool20).acquire();
        AudioFrame.check(channels, durationMs);
        lostInRow++;
        int n = out.samplesPerChannel() * channels;
        double gain = lostInRow > 3 ? 0 : Math.pow(0.5, lostInRow);
        for (int i = 0; i < n; i++) {
            short s = last.length == 0 ? 0 : last[(last.length - n % last.length + i) % last.length];
            out.samples().put(i, (short) (s * gain));
        }
        out.captureTimeNanos(captureTimeNanos);
        return out;
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
