package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * An Opus decoder (RFC 6716) on libopus through libavcodec, with 16-bit output at 48 kHz.
 *
 * <p>Every legal packet decodes: one to 48 frames of 2.5, 5, 10, 20, 40 or 60 ms (the TOC byte's
 * configuration, RFC 6716 §3.1) in a code 0, 1, 2 or 3 packet (§3.2), up to 120 ms in all. libopus checks
 * the framing (§3.4: frame count, lengths, padding, the 120 ms limit) and decodes the whole packet at
 * once; the audio is then cut into 20 ms frames when it divides into them, else 10 ms frames, and what is
 * left under 10 ms (a 2.5 or 5 ms packet) is carried in one pooled 10 ms frame that the following packets
 * complete. A packet that does not decode is {@link MediaException.Reason#CORRUPT} and changes nothing:
 * the carried audio stays and the next packet decodes.
 *
 * <p>Packet-loss concealment is libopus's own: FFmpeg's wrapper has no call for it, but a packet whose
 * frame has length zero (just a TOC byte, RFC 6716 §3.2.1) makes libopus conceal exactly that frame's
 * duration in the previous mode, so {@link #conceal} decodes such a packet. DTX packets from the sender
 * are the same thing and decode the same way. In-band FEC data (LBRR) is not used on the receive side:
 * the wrapper has no {@code decode_fec}.
 *
 * <p>Not thread-safe. Frames come from two pools (10 and 20 ms); each frame handed to a sink carries one
 * reference the sink releases. {@link #close()} releases the carried frame.
 */
public final class OpusDecoder implements AudioDecoder {
    private static final int TEN_MS = 480;                     // samples per channel
    private static final int TWENTY_MS = 960;

    private final int channels;
    private final int bytesPerSample;                          // all channels of one sample instant
    private final AVCodecContext ctx;
    private final AVPacket packet = avcodec.av_packet_alloc();
    private final AVFrame frame = avutil.av_frame_alloc();
    private final AudioFrame.Pool pool10;
    private final AudioFrame.Pool pool20;
    private final byte[] concealToc = new byte[1];
    private AudioFrame carry;                                  // a 10 ms frame being filled, or null
    private int carried;                                       // samples per channel in it
    private boolean closed;

    /** @param channels output channels, 1 or 2 (the packets may be either; libopus mixes) */
    public OpusDecoder(int channels) throws MediaException {
        Natives.ensureFfmpeg();
        AudioFrame.check(channels, 20);
        this.channels = channels;
        this.bytesPerSample = channels * 2;
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
        // Enough free frames for a 120 ms packet whose frames the sink releases only after the call.
        pool10 = new AudioFrame.Pool(channels, 10, 12);
        pool20 = new AudioFrame.Pool(channels, 20, 6);
    }

    @Override
    public int decode(byte[] data, int off, int len, long captureTimeNanos, Consumer<AudioFrame> sink) throws MediaException {
        if (closed) {
            throw new IllegalStateException("decoder closed");
        }
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " of " + data.length + " bytes");
        }
        if (len == 0) {
            throw new MediaException(MediaException.Reason.CORRUPT, "empty Opus packet");
        }
        int r = avcodec.av_new_packet(packet, len);
        if (r < 0) {
            throw new MediaException(MediaException.Reason.CODEC, "av_new_packet: " + Natives.error(r));
        }
        int decoded = 0;                                       // samples per channel so far
        int handed = 0;
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
                    int n = checkedSamples(frame);
                    handed += cut(frame.data(0).capacity((long) n * bytesPerSample).asByteBuffer(), n,
                            captureTimeNanos + nanos(decoded), sink);
                    decoded += n;
                } finally {
                    avutil.av_frame_unref(frame);
                }
            }
        } finally {
            avcodec.av_packet_unref(packet);
        }
        if (decoded == 0) {
            throw new MediaException(MediaException.Reason.CORRUPT, "Opus packet gave no audio");
        }
        return handed;
    }

    private int checkedSamples(AVFrame f) throws MediaException {
        if (f.format() != AV_SAMPLE_FMT_S16 || f.ch_layout().nb_channels() != channels) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "Opus decoded to sample format " + f.format()
                    + ", " + f.ch_layout().nb_channels() + " channels (expected: s16, " + channels + " channels)");
        }
        return f.nb_samples();
    }

    /**
     * Cuts {@code n} decoded samples per channel into frames for {@code sink}: first into the carried
     * frame, then 20 ms frames if the rest divides into them, else 10 ms frames, and a remainder under
     * 10 ms into a new carried frame.
     */
    private int cut(ByteBuffer pcm, int n, long t, Consumer<AudioFrame> sink) {
        int handed = 0;
        int at = 0;
        if (carry != null) {
            at = fillCarry(pcm, 0, n, t);
            if (carried == TEN_MS) {
                AudioFrame full = carry;
                carry = null;
                carried = 0;
                handed++;
                sink.accept(full);
            }
        }
        boolean twenty = carry == null && (n - at) % TWENTY_MS == 0;
        int step = twenty ? TWENTY_MS : TEN_MS;
        for (; n - at >= step; at += step) {
            AudioFrame out = (twenty ? pool20 : pool10).acquire();
            out.buffer().put(0, pcm, at * bytesPerSample, step * bytesPerSample);
            out.captureTimeNanos(t + nanos(at));
            handed++;
            sink.accept(out);
        }
        if (at < n) {
            fillCarry(pcm, at, n, t);
        }
        return handed;
    }

    /** Moves samples from {@code at} on into the carried frame, as many as fit; returns where it stopped. */
    private int fillCarry(ByteBuffer pcm, int at, int n, long t) {
        if (carry == null) {
            carry = pool10.acquire();
            carry.captureTimeNanos(t + nanos(at));
        }
        int k = Math.min(TEN_MS - carried, n - at);
        carry.buffer().put(carried * bytesPerSample, pcm, at * bytesPerSample, k * bytesPerSample);
        carried += k;
        return at + k;
    }

    private static long nanos(int samples) {
        return samples * 1_000_000_000L / AudioFrame.SAMPLE_RATE;
    }

    @Override
    public int conceal(int durationMs, long captureTimeNanos, Consumer<AudioFrame> sink) throws MediaException {
        AudioFrame.check(channels, durationMs);
        // CELT fullband (config 30 for 10 ms, 31 for 20 ms), code 0, stereo flag per the output.
        concealToc[0] = (byte) ((durationMs == 10 ? 30 : 31) << 3 | (channels == 2 ? 4 : 0));
        return decode(concealToc, 0, 1, captureTimeNanos, sink);
    }

    /**
     * Buffers of this decoder's pools that are not back in them: frames that sinks still hold, and the
     * carried frame. Exact while sinks hold no more frames at once than the pools keep free; for tests.
     */
    long buffersInUse() {
        return pool10.buffers().allocatedCount() - pool10.buffers().freeCount()
                + pool20.buffers().allocatedCount() - pool20.buffers().freeCount();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (carry != null) {
            carry.release();
            carry = null;
            carried = 0;
        }
        AVCodecContext c = ctx;
        avcodec.avcodec_free_context(c);
        avcodec.av_packet_free(packet);
        avutil.av_frame_free(frame);
    }
}
