package org.rtc4j.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Encoding happens on the worker's thread; a producer faster than the encoder drops, never blocks or leaks. */
class VideoEncodeWorkerTest {
    @Test
    void encodesOffTheCallersThreadAndDropsOldestWhenBehind() throws Exception {
        VideoFrame.Pool pool = new VideoFrame.Pool(1280, 720, 8);
        List<EncodedVideoFrame> out = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        VideoEncodeWorker worker = new VideoEncodeWorker(
                FfmpegVideoEncoder.create(VideoEncoderConfig.realtime(VideoCodec.VP8, 1280, 720, 2_000_000, 30)), 2, e -> {
                    threads.add(Thread.currentThread().getName());
                    out.add(e);
                });
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {                       // as fast as possible: far faster than 720p encodes
            try (VideoFrame f = pool.acquire()) {
                TestPattern.draw(f, i, i);
                f.captureTimeNanos(i * 33_333_333L);
                worker.onFrame(f);
            }
        }
        long feedMs = (System.nanoTime() - start) / 1_000_000;
        worker.close();
        assertThat(threads).containsExactly("rtc4j-encode-VP8");
        assertThat(worker.encodedFrames() + worker.droppedFrames()).isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(98);
        assertThat(out).hasSize((int) worker.encodedFrames());
        assertThat(pool.buffers().allocatedCount()).as("frames come back to the pool").isLessThanOrEqualTo(5);
        System.out.printf("fed 100 frames in %d ms: %d encoded, %d dropped%n", feedMs, worker.encodedFrames(), worker.droppedFrames());
    }
}
