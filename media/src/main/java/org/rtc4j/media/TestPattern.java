package org.rtc4j.media;

import java.nio.ByteBuffer;

/**
 * Draws a moving test pattern into I420 frames: smooth colour gradients that scroll, a white square that
 * bounces, the frame number and capture time as text (5x7 font), and the same two numbers as a row of
 * 16x16 black/white blocks in two rows at the top (24 and 32 bits, so 512 pixels wide carry both) that survive lossy coding, so a receiver can read them back
 * ({@link #readFrameNumber}, {@link #readCaptureMillis}) and measure end-to-end latency.
 *
 * <p>Drawing writes into the caller's frame in place and allocates nothing. Stateless and thread-safe.
 */
public final class TestPattern {
    /** Side of one code block, pixels. */
    public static final int BLOCK = 16;
    private static final int FRAME_BITS = 24;
    private static final int TIME_BITS = 32;

    private TestPattern() {
    }

    /** Draws frame {@code number} with {@code captureMillis} (mod 2^32) into {@code f}. */
    public static void draw(VideoFrame f, long number, long captureMillis) {
        ByteBuffer b = f.buffer();
        int w = f.width();
        int h = f.height();
        int sy = f.strideY();
        int shift = (int) (number * 4 % w);
        for (int y = 0; y < h; y++) {
            int row = y * sy;
            for (int x = 0; x < w; x++) {
                int xs = x + shift;
                b.put(row + x, (byte) (32 + ((xs * 192 / w + y * 96 / h) % 192)));
            }
        }
        int cw = f.chromaWidth();
        int ch = f.chromaHeight();
        for (int y = 0; y < ch; y++) {
            int ru = f.offsetU() + y * f.strideU();
            int rv = f.offsetV() + y * f.strideV();
            for (int x = 0; x < cw; x++) {
                b.put(ru + x, (byte) (64 + ((x + shift / 2) * 128 / cw) % 128));
                b.put(rv + x, (byte) (64 + (y * 128 / ch)));
            }
        }
        // A bouncing white square.
        int side = Math.max(8, h / 8) & ~1;
        int period = 2 * Math.max(1, w - side);
        int px = (int) (number * 7 % period);
        px = px < period / 2 ? px : period - px;
        int py = (int) (h / 2 + (h / 4) * Math.sin(number / 15.0)) & ~1;
        fillRect(f, px & ~1, Math.min(py, h - side), side, side, 235, 128, 128);
        // Machine-readable numbers, then text.
        for (int i = 0; i < Math.min(FRAME_BITS, w / BLOCK); i++) {
            long v = number >>> (FRAME_BITS - 1 - i);
            fillRect(f, i * BLOCK, 0, BLOCK, BLOCK, (v & 1) != 0 ? 235 : 16, 128, 128);
        }
        for (int i = 0; i < Math.min(TIME_BITS, w / BLOCK) && h >= 2 * BLOCK; i++) {
            long v = captureMillis >>> (TIME_BITS - 1 - i);
            fillRect(f, i * BLOCK, BLOCK, BLOCK, BLOCK, (v & 1) != 0 ? 235 : 16, 128, 128);
        }
        int scale = Math.max(1, h / 160);
        drawText(f, "FRAME " + number, 8, 2 * BLOCK + 8, scale);
        drawText(f, "T " + captureMillis, 8, 2 * BLOCK + 8 + 9 * scale, scale);
    }

    /** The frame number read back from the code blocks, or -1 when the frame is too narrow to carry it. */
    public static long readFrameNumber(VideoFrame f) {
        if (f.width() / BLOCK < FRAME_BITS) {
            return -1;
        }
        return readBits(f, 0, FRAME_BITS);
    }

    /** The capture time (ms mod 2^32) read back from the code blocks, or -1. */
    public static long readCaptureMillis(VideoFrame f) {
        if (f.width() / BLOCK < TIME_BITS || f.height() < 2 * BLOCK) {
            return -1;
        }
        return readBits(f, 1, TIME_BITS);
    }

    private static long readBits(VideoFrame f, int row, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int sum = 0;                                     // the mean of the block's inner 8x8 pixels
            for (int dy = 4; dy < 12; dy++) {
                for (int dx = 4; dx < 12; dx++) {
                    sum += f.y(i * BLOCK + dx, row * BLOCK + dy);
                }
            }
            v = (v << 1) | (sum / 64 > 125 ? 1 : 0);
        }
        return v;
    }

    static void fillRect(VideoFrame f, int x0, int y0, int w, int h, int yv, int uv, int vv) {
        ByteBuffer b = f.buffer();
        int x1 = Math.min(f.width(), x0 + w);
        int y1 = Math.min(f.height(), y0 + h);
        for (int y = Math.max(0, y0); y < y1; y++) {
            for (int x = Math.max(0, x0); x < x1; x++) {
                b.put(y * f.strideY() + x, (byte) yv);
            }
        }
        for (int y = Math.max(0, y0) / 2; y < (y1 + 1) / 2; y++) {
            for (int x = Math.max(0, x0) / 2; x < (x1 + 1) / 2; x++) {
                b.put(f.offsetU() + y * f.strideU() + x, (byte) uv);
                b.put(f.offsetV() + y * f.strideV() + x, (byte) vv);
            }
        }
    }

    /** 5x7 glyphs for digits, space and the capitals used above; rows top to bottom, 5 bits each. */
    private static int[] glyph(char c) {
        return switch (c) {
            case '0' -> new int[] {14, 17, 19, 21, 25, 17, 14};
            case '1' -> new int[] {4, 12, 4, 4, 4, 4, 14};
            case '2' -> new int[] {14, 17, 1, 2, 4, 8, 31};
            case '3' -> new int[] {31, 2, 4, 2, 1, 17, 14};
            case '4' -> new int[] {2, 6, 10, 18, 31, 2, 2};
            case '5' -> new int[] {31, 16, 30, 1, 1, 17, 14};
            case '6' -> new int[] {6, 8, 16, 30, 17, 17, 14};
            case '7' -> new int[] {31, 1, 2, 4, 8, 8, 8};
            case '8' -> new int[] {14, 17, 17, 14, 17, 17, 14};
            case '9' -> new int[] {14, 17, 17, 15, 1, 2, 12};
            case 'F' -> new int[] {31, 16, 16, 30, 16, 16, 16};
            case 'R' -> new int[] {30, 17, 17, 30, 20, 18, 17};
            case 'A' -> new int[] {14, 17, 17, 31, 17, 17, 17};
            case 'M' -> new int[] {17, 27, 21, 21, 17, 17, 17};
            case 'E' -> new int[] {31, 16, 16, 30, 16, 16, 31};
            case 'T' -> new int[] {31, 4, 4, 4, 4, 4, 4};
            default -> new int[7];
        };
    }

    private static void drawText(VideoFrame f, String s, int x, int y, int scale) {
        ByteBuffer b = f.buffer();
        for (int i = 0; i < s.length(); i++) {
            int[] g = glyph(s.charAt(i));
            for (int r = 0; r < 7; r++) {
                for (int c = 0; c < 5; c++) {
                    if ((g[r] >> (4 - c) & 1) == 0) {
                        continue;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            int px = x + (i * 6 + c) * scale + dx;
                            int py = y + r * scale + dy;
                            if (px < f.width() && py < f.height()) {
                                b.put(py * f.strideY() + px, (byte) 235);
                            }
                        }
                    }
                }
            }
        }
    }
}
