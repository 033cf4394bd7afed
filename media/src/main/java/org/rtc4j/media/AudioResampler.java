package org.rtc4j.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.util.function.Consumer;

import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Resamples interleaved 16-bit PCM of any rate and channel count to WebRTC's 48 kHz mono or stereo with
 * FFmpeg's swresample, and cuts the result into {@link AudioFrame}s of 10 or 20 ms.
 *
 * <p>Buffer ownership: input arrays are copied; each frame handed to the sink holds one reference that the
 * sink must release. Leftover samples wait for the next call. Not thread-safe. {@link #close()} frees the
 * native context.
 */
public final class AudioResampler implements AutoCloseable {
    private final int inRate;
    private final int inChannels;
    private final AudioFrame.Pool pool;
    private SwrContext swr;
    private BytePointer in = new BytePointer(0L);
    private BytePointer out = new BytePointer(0L);
    private final PointerPointer<BytePointer> inPlanes = new PointerPointer<>(1);
    private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);
    private short[] pending = new short[0];
    private int pendingSamples;
    private long nextCaptureNanos = Long.MIN_VALUE;

    /**
     * @param inRate input sample rate, Hz
     * @param inChannels input channels (1 ~ 8)
     * @param outChannels 1 or 2
     * @param frameMs 10 or 20
     */
    public AudioResampler(int inRate, int inChannels, int outChannels, int frameMs) throws MediaException {
        this(inRate, inChannels, AV_SAMPLE_FMT_S16, outChannels, frameMs);
    }

    /**
     * A resampler from any FFmpeg sample format (planar or packed), for decoded {@code AVFrame}s.
     *
     * @param inSampleFormat an {@code AV_SAMPLE_FMT_*} value
     */
    public AudioResampler(int inRate, int inChannels, int inSampleFormat, int outChannels, int frameMs) throws MediaException {
        if (inRate < 8000 || inRate > 384_000 || inChannels < 1 || inChannels > 8) {
            throw new IllegalArgumentException("input " + inRate + " Hz, " + inChannels
                    + " channels (expected: 8000 ~ 384000 Hz, 1 ~ 8 channels)");
        }
        Natives.ensureFfmpeg();
        this.inRate = inRate;
        this.inChannels = inChannels;
        this.pool = new AudioFrame.Pool(outChannels, frameMs, 8);
        AVChannelLayout inLayout = new AVChannelLayout();
        AVChannelLayout outLayout = new AVChannelLayout();
        avutil.av_channel_layout_default(inLayout, inChannels);
        avutil.av_channel_layout_default(outLayout, outChannels);
        SwrContext ctx = new SwrContext(null);
        int r = swresample.swr_alloc_set_opts2(ctx, outLayout, AV_SAMPLE_FMT_S16, AudioFrame.SAMPLE_RATE, inLayout,
                inSampleFormat, inRate, 0, null);
        if (r < 0 || ctx.isNull() || swresample.swr_init(ctx) < 0) {
            throw new MediaException(MediaException.Reason.CODEC, "swresample cannot convert " + inRate + " Hz/"
                    + inChannels + "ch to 48000 Hz/" + outChannels + "ch: " + Natives.error(r));
        }
        this.swr = ctx;
        inLayout.close();
        outLayout.close();
    }

    /**
     * Resamples {@code samplesPerChannel} interleaved input samples and hands every completed frame to
     * {@code sink}.
     *
     * @param captureNanos capture time of the first input sample
     */
    public void process(short[] samples, int samplesPerChannel, long captureNanos, Consumer<AudioFrame> sink) {
        if (samples.length < samplesPerChannel * inChannels) {
            throw new IllegalArgumentException(samples.length + " samples (expected: at least " + samplesPerChannel * inChannels + ")");
        }
        if (nextCaptureNanos == Long.MIN_VALUE || pendingSamples == 0) {
            nextCaptureNanos = captureNanos - pendingSamples * 1_000_000_000L / AudioFrame.SAMPLE_RATE;
        }
        long inBytes = (long) samplesPerChannel * inChannels * 2;
        if (in.capacity() < inBytes) {
            in.close();
            in = new BytePointer(inBytes);
        }
        in.position(0).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asShortBuffer().put(samples, 0, samplesPerChannel * inChannels);
        inPlanes.put(0, in);
        convert(inPlanes, samplesPerChannel, sink);
    }

    /**
     * Resamples a decoded frame (its format, rate and channels must be the ones this resampler was made
     * for) and hands completed frames to {@code sink}.
     */
    public void process(org.bytedeco.ffmpeg.avutil.AVFrame frame, long captureNanos, Consumer<AudioFrame> sink) {
        if (nextCaptureNanos == Long.MIN_VALUE || pendingSamples == 0) {
            nextCaptureNanos = captureNanos - pendingSamples * 1_000_000_000L / AudioFrame.SAMPLE_RATE;
        }
        PointerPointer<BytePointer> planes = new PointerPointer<>(frame.extended_data());
        convert(planes, frame.nb_samples(), sink);
    }

    private void convert(PointerPointer<BytePointer> inData, int samplesPerChannel, Consumer<AudioFrame> sink) {
        int outCap = (int) ((long) samplesPerChannel * AudioFrame.SAMPLE_RATE / inRate) + 256;
        int outChannels = pool.channels();
        if (out.capacity() < (long) outCap * outChannels * 2) {
            out.close();
            out = new BytePointer((long) outCap * outChannels * 2);
        }
        outPlanes.put(0, out);
        int n = swresample.swr_convert(swr, outPlanes, outCap, inData, samplesPerChannel);
        if (n < 0) {
            throw new IllegalStateException("swr_convert failed: " + Natives.error(n));
        }
        int total = n * outChannels;
        if (pending.length < pendingSamples + total) {
            pending = java.util.Arrays.copyOf(pending, pendingSamples + total);
        }
        out.position(0).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asShortBuffer().get(pending, pendingSamples, total);
        pendingSamples += total;
        int per = pool.durationMs() * 48 * outChannels;
        int used = 0;
        while (pendingSamples - used >= per) {
            AudioFrame f = pool.acquire();
            f.samples().put(0, pending, used, per);
            f.captureTimeNanos(nextCaptureNanos);
            nextCaptureNanos += pool.durationMs() * 1_000_000L;
            used += per;
            sink.accept(f);
        }
        System.arraycopy(pending, used, pending, 0, pendingSamples - used);
        pendingSamples -= used;
    }

    @Override
    public void close() {
        if (swr != null) {
            swresample.swr_free(swr);
            swr = null;
        }
        in.close();
        out.close();
        inPlanes.close();
        outPlanes.close();
    }
}
