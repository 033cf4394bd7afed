/**
 * Media sources for rtc4j tracks, each on its own thread, never on the network loop:
 * <ul>
 *   <li>synthetic: {@link org.rtc4j.capture.TestPatternSource} (a moving pattern with the frame number and
 *       capture time drawn in, for latency measurement) and {@link org.rtc4j.capture.ToneSource} (a sine);</li>
 *   <li>{@link org.rtc4j.capture.FfmpegSource}: any file FFmpeg reads (looping, real-time pacing) and the
 *       avdevice inputs: V4L2 webcams, ALSA and PulseAudio microphones, x11grab screens, and FFmpeg's
 *       {@code lavfi} virtual devices ({@code testsrc2}, {@code sine}) that stand in for them in tests;
 *       {@link org.rtc4j.capture.Devices} lists devices.</li>
 * </ul>
 * Frames are delivered to {@link org.rtc4j.media.VideoSink}s and {@link org.rtc4j.media.AudioSink}s
 * (normally a {@link org.rtc4j.media.VideoTrack} or {@link org.rtc4j.media.AudioTrack}).
 */
package org.rtc4j.capture;
