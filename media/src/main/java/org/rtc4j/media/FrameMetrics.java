package org.rtc4j.media;

import java.nio.ByteBuffer;

/**
 * Objective quality measures for comparing a decoded frame with its source: PSNR over all three I420
 * planes (sample-count weighted, as FFmpeg's psnr filter reports "average") and over luma only.
 */
public final class FrameMetrics {
    private FrameMetrics() {
    }

    /** PSNR in dB of {@code b} against {@code a} over Y, U and V; 100 for identical frames. */
    public static double psnr(VideoFrame a, VideoFrame b) {
        check(a, b);
        double se = planeSe(a.buffer(), a.offsetY(), a.strideY(), b.buffer(), b.offsetY(), b.strideY(), a.width(), a.height())
                + planeSe(a.buffer(), a.offsetU(), a.strideU(), b.buffer(), b.offsetU(), b.strideU(), a.chromaWidth(), a.chromaHeight())
                + planeSe(a.buffer(), a.offsetV(), a.strideV(), b.buffer(), b.offsetV(), b.strideV(), a.chromaWidth(), a.chromaHeight());
        long n = (long) a.width() * a.height() + 2L * a.chromaWidth() * a.chromaHeight();
        return toPsnr(se / n);
    }

    /** PSNR in dB over the luma plane only. */
    public static double psnrY(VideoFrame a, VideoFrame b) {
        check(a, b);
        double se = planeSe(a.buffer(), a.offsetY(), a.strideY(), b.buffer(), b.offsetY(), b.strideY(), a.width(), a.height());
        return toPsnr(se / ((long) a.width() * a.height()));
    }

    private static void check(VideoFrame a, VideoFrame b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("frames of " + a.width() + "x" + a.height() + " and " + b.width() + "x"
                    + b.height() + " (expected: equal sizes)");
        }
    }

    private static double toPsnr(double mse) {
        return mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static double planeSe(ByteBuffer a, int ao, int as, ByteBuffer b, int bo, int bs, int w, int h) {
        long se = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = (a.get(ao + y * as + x) & 0xff) - (b.get(bo + y * bs + x) & 0xff);
                se += d * d;
            }
        }
        return se;
    }
}
