package org.rtc4j.media;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.H264FixedRateControl;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * A pure-Java H.264 {@link VideoEncoder} on JCodec, for platforms without FFmpeg natives: CAVLC, I and P
 * slices, Annex B output with SPS and PPS before each IDR. Rate control is JCodec's fixed bits per
 * macroblock, set from bitrate and frame rate, so {@link #setRates} applies at the next frame without a
 * keyframe. It is much slower than openh264 (see the codec harness) and suits small sizes.
 *
 * <p>Threading and ownership as in {@link VideoEncoder}. Width and height must be multiples of 16.
 */
public final class JCodecH264Encoder implements VideoEncoder {
    /** Sizes frame_num (JCodec writes log2(interval) + 1 bits; H.264 allows 16); an IDR comes before it wraps. */
    private static final int KEY_INTERVAL = 1 << 15;
    private final int width;
    private int sinceKey;
    private final int height;
    private final H264FixedRateControl rateControl;
    private final H264Encoder encoder;
    private final Picture picture;
    private ByteBuffer out;
    private volatile boolean keyframeRequested = true;
    private volatile int bitrate;
    private volatile double framerate;
    private boolean closed;

    public JCodecH264Encoder(int width, int height, int bitrateBps, double framerate) {
        if (width % 16 != 0 || height % 16 != 0 || width < 16 || height < 16) {
            throw new IllegalArgumentException("size " + width + "x" + height + " (expected: multiples of 16)");
        }
        this.width = width;
        this.height = height;
        this.bitrate = bitrateBps;
        this.framerate = framerate;
        this.rateControl = new H264FixedRateControl(bitsPerMacroblock());
        this.encoder = new H264Encoder(rateControl);
        encoder.setKeyInterval(KEY_INTERVAL);
        this.picture = Picture.create(width, height, ColorSpace.YUV420J);
        this.out = ByteBuffer.allocate(width * height * 3);
    }

    private int bitsPerMacroblock() {
        int mbs = (width / 16) * (height / 16);
        return Math.max(4, (int) (bitrate / framerate / mbs));
    }

    @Override
    public VideoCodec codec() {
        return VideoCodec.H264;
    }

    @Override
    public void encode(VideoFrame frame, Consumer<EncodedVideoFrame> sink) {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        if (frame.width() != width || frame.height() != height) {
            throw new IllegalArgumentException("frame is " + frame.width() + "x" + frame.height() + " (expected: " + width
                    + "x" + height + ", the size this H264 encoder was configured for)");
        }
        long start = System.nanoTime();
        ByteBuffer b = frame.buffer();
        fill(picture.getPlaneData(0), b, frame.offsetY(), frame.strideY(), width, height);
        fill(picture.getPlaneData(1), b, frame.offsetU(), frame.strideU(), width / 2, height / 2);
        fill(picture.getPlaneData(2), b, frame.offsetV(), frame.strideV(), width / 2, height / 2);
        rateControl.setRate(bitsPerMacroblock());
        boolean key = keyframeRequested || sinceKey >= KEY_INTERVAL - 1;
        keyframeRequested = false;
        sinceKey = key ? 0 : sinceKey + 1;
        out.clear();
        ByteBuffer data = key ? encoder.encodeIDRFrame(picture, out) : encoder.encodePFrame(picture, out);
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        sink.accept(new EncodedVideoFrame(VideoCodec.H264, bytes, frame.captureTimeNanos(), key, width, height,
                System.nanoTime() - start, 0));
    }

    private static void fill(byte[] dst, ByteBuffer src, int off, int stride, int w, int h) {
        for (int y = 0; y < h; y++) {
            int s = off + y * stride;
            int d = y * w;
            for (int x = 0; x < w; x++) {
                dst[d + x] = (byte) ((src.get(s + x) & 0xff) - 128);
            }
        }
    }

    @Override
    public void requestKeyframe() {
        keyframeRequested = true;
    }

    @Override
    public void setRates(int bitrateBps, double framerate) {
        VideoEncoderConfig.checkRates(bitrateBps, framerate);
        this.bitrate = bitrateBps;
        this.framerate = framerate;
    }

    @Override
    public int bitrate() {
        return bitrate;
    }

    @Override
    public void close() {
        closed = true;
    }
}
