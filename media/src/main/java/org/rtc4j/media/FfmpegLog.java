package org.rtc4j.media;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own log lines (av_log) into SLF4J under the logger {@code org.rtc4j.media.ffmpeg}:
 * errors at warn (a corrupt frame is also reported as a {@link MediaException}), warnings at info, the rest
 * at debug. Installed once, when the natives load.
 */
final class FfmpegLog extends LogCallback {
    private static final Logger LOG = LoggerFactory.getLogger("org.rtc4j.media.ffmpeg");
    private static FfmpegLog instance;

    private FfmpegLog() {
    }

    static synchronized void install() {
        if (instance == null) {
            instance = new FfmpegLog();
            instance.retainReference();
            avutil.setLogCallback(instance);
        }
    }

    @Override
    public void call(int level, BytePointer msg) {
        String line = msg == null ? "" : msg.getString().strip();
        if (line.isEmpty()) {
            return;
        }
        if (level <= avutil.AV_LOG_ERROR) {
            LOG.warn(line);
        } else if (level <= avutil.AV_LOG_WARNING) {
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }
}
