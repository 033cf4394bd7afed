/**
 * RTP and RTCP for WebRTC media, sans-IO: everything between an encoded frame and an SRTP packet.
 *
 * <p>What is here:
 * <ul>
 *   <li>RTP packets (RFC 3550 §5.1) as a view over the caller's buffer, {@link org.rtc4j.rtp.RtpPacket},
 *       written in place by {@link org.rtc4j.rtp.RtpWriter}; header extensions in the one-byte and
 *       two-byte forms of RFC 8285 with an id registry built from SDP {@code a=extmap}
 *       ({@link org.rtc4j.rtp.HeaderExtensionMap}) and the typed values of
 *       {@link org.rtc4j.rtp.HeaderExtension}: sdes:mid (RFC 9143), rtp-stream-id and
 *       repaired-rtp-stream-id (RFC 8852), abs-send-time, transport-wide-cc
 *       (draft-holmer-rmcat-transport-wide-cc-extensions-01), ssrc-audio-level (RFC 6464),
 *       video-orientation (3GPP TS 26.114), playout-delay and abs-capture-time;</li>
 *   <li>RTCP (RFC 3550 §6, RFC 5506 reduced size): SR, RR, SDES, BYE, APP, generic NACK and the
 *       PLI (RFC 4585 §6.2.1, §6.3.1), FIR (RFC 5104 §4.3.1), REMB (draft-alvestrand-rmcat-remb-03),
 *       transport-wide feedback and XR receiver reference time and DLRR (RFC 3611 §4.4, §4.5):
 *       {@link org.rtc4j.rtp.RtcpPacket}, {@link org.rtc4j.rtp.RtcpReader};</li>
 *   <li>payload formats with packetizers that honour an MTU and split evenly and depacketizers that
 *       assemble frames: VP8 (RFC 7741), VP9 (RFC 9628), H.264 (RFC 6184), AV1 (the AOM RTP payload
 *       format v1.0.0), Opus (RFC 7587), G.711 (RFC 3551);</li>
 *   <li>streams: {@link org.rtc4j.rtp.ReceiveStream} (jitter buffer with an adaptive delay from the
 *       RFC 3550 A.8 jitter, NACK generation, RTX receive (RFC 4588), PLI, receiver reports) and
 *       {@link org.rtc4j.rtp.SendStream} (history, RTX retransmission, sender reports, RTT from
 *       LSR/DLSR); {@link org.rtc4j.rtp.TransportFeedbackRecorder}, the receiver's transport-wide
 *       feedback.</li>
 *   <li>bandwidth estimation in the manner of Google congestion control (draft-ietf-rmcat-gcc-02):
 *       {@link org.rtc4j.rtp.BandwidthEstimator} (delay-based trendline over-use detection with AIMD,
 *       a loss-based bound, probing, REMB as a cap) and a {@link org.rtc4j.rtp.Pacer};</li>
 *   <li>an interceptor chain without background tickers: {@link org.rtc4j.rtp.RtpInterceptor} stages
 *       (transport-wide feedback recording, transport-wide sequencing feeding the estimator) composed by
 *       {@link org.rtc4j.rtp.InterceptorChain}.</li>
 * </ul>
 *
 * <p>Nothing in this package opens a socket, starts a thread or reads a clock: time is a parameter
 * ({@code handle*(Instant now, ...)}) and output is drained with {@code poll*()}. Parsers report
 * malformed bytes as {@link org.rtc4j.rtp.RtpException}; the streams drop such packets and count them.
 */
package org.rtc4j.rtp;
