package org.rtc4j.media;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.ffmpeg.global.avutil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads FFmpeg's natives (the JavaCPP presets {@code org.bytedeco:ffmpeg}) once, and turns a missing
 * native library into a {@link MediaException} that names the platform and the Maven artifact to add,
 * instead of an {@link UnsatisfiedLinkError} stack.
 *
 * <p>Only the natives of the build's {@code javacpp.platform} (linux-x86_64 by default) are on the class
 * path; another platform needs {@code -Djavacpp.platform=linux-arm64} (or {@code macosx-arm64},
 * {@code windows-x86_64}, ...) at build time.
 */
public final class Natives {
    private static final Logger LOG = LoggerFactory.getLogger(Natives.class);
    /** The presets artifact this module was built against. */
    public static final String FFMPEG_ARTIFACT = "org.bytedeco:ffmpeg:7.1.1-1.5.12";

    private static volatile MediaException failure;
    private static volatile boolean loaded;

    private Natives() {
    }

    /**
     * Makes sure FFmpeg's natives are loaded.
     *
     * @throws MediaException with {@link MediaException.Reason#NATIVE_MISSING} when they are not available
     */
    public static void ensureFfmpeg() throws MediaException {
        if (loaded) {
            return;
        }
        synchronized (Natives.class) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                load("org.bytedeco.ffmpeg.global.avutil");
                load("org.bytedeco.ffmpeg.global.avcodec");
                load("org.bytedeco.ffmpeg.global.avformat");
                load("org.bytedeco.ffmpeg.global.swscale");
                load("org.bytedeco.ffmpeg.global.swresample");
                load("org.bytedeco.ffmpeg.global.avdevice");
                avutil.av_log_set_level(Integer.getInteger("rtc4j.ffmpeg.loglevel", avutil.AV_LOG_WARNING));
                FfmpegLog.install();
                loaded = true;
                LOG.debug("FFmpeg {} loaded for {}", avutil.av_version_info().getString(), platform());
            } catch (MediaException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * Loads one JavaCPP-wrapped class by name, translating link errors into {@link MediaException}s.
     * Public so a test can show the message for a class whose natives do not exist.
     */
    public static void load(String className) throws MediaException {
        try {
            Loader.load(Class.forName(className));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ClassNotFoundException | ExceptionInInitializerError e) {
            throw missing(className, e);
        }
    }

    static MediaException missing(String what, Throwable cause) {
        String platform = platform();
        return new MediaException(MediaException.Reason.NATIVE_MISSING,
                "FFmpeg natives for platform " + platform + " are not available (" + what + ": " + cause
                        + "); add " + FFMPEG_ARTIFACT + " with classifier " + platform
                        + " (and org.bytedeco:javacpp with the same classifier), or build with -Djavacpp.platform="
                        + platform, cause);
    }

    /** The JavaCPP platform string of this JVM, such as {@code linux-x86_64}. */
    public static String platform() {
        try {
            return Loader.getPlatform();
        } catch (Throwable t) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }

    /** FFmpeg's error text for a negative return code. */
    public static String error(int code) {
        BytePointer buf = new BytePointer(256);
        try {
            avutil.av_strerror(code, buf, 256);
            byte[] b = new byte[256];
            buf.get(b);
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
        } finally {
            buf.close();
        }
    }
}
