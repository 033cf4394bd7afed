/**
 * Media for rtc4j: raw frames, tracks, encoders and decoders, and recording.
 *
 * <ul>
 *   <li>Frames: {@link org.rtc4j.media.VideoFrame} (I420 with strides, capture time, rotation) and
 *       {@link org.rtc4j.media.AudioFrame} (16-bit PCM, 48 kHz, mono or stereo, 10 or 20 ms), reference
 *       counted over pooled direct buffers ({@link org.rtc4j.media.BufferPool}); RGB conversion and scaling
 *       with swscale ({@link org.rtc4j.media.ImageConverter}), resampling with swresample
 *       ({@link org.rtc4j.media.AudioResampler}).</li>
 *   <li>Codecs behind {@link org.rtc4j.media.VideoEncoder}, {@link org.rtc4j.media.VideoDecoder},
 *       {@link org.rtc4j.media.AudioEncoder}, {@link org.rtc4j.media.AudioDecoder}, through FFmpeg's
 *       libavcodec in the JavaCPP presets ({@code org.bytedeco:ffmpeg}): VP8 and VP9 (libvpx; RFC 7741,
 *       RFC 9628 payloads), H.264 (openh264, constrained baseline; RFC 6184), AV1 (SVT-AV1 encoder,
 *       libaom decoder), Opus (libopus; RFC 6716, RFC 7587), and JCodec's pure-Java H.264 decoder. Their SDP
 *       form is {@link org.rtc4j.media.CodecCapability}.</li>
 *   <li>Only the natives of the build's {@code javacpp.platform} are pulled in; {@link org.rtc4j.media.Natives}
 *       turns a missing one into a {@link org.rtc4j.media.MediaException} naming platform and artifact.</li>
 * </ul>
 *
 * <p>Threading: codecs are not thread-safe and do blocking native work; run them on codec threads, never
 * on the network event loop.
 */
package org.rtc4j.media;
