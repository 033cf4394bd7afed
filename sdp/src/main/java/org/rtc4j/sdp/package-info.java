/**
 * SDP, the Session Description Protocol of RFC 8866, as WebRTC uses it in offers and answers: a
 * model, a parser and a writer that round-trip real browser SDP byte for byte, with typed access to
 * the WebRTC attributes.
 *
 * <p>What is here:
 * <ul>
 *   <li>{@link org.rtc4j.sdp.SessionDescription} and {@link org.rtc4j.sdp.MediaDescription}: every
 *       line kept in order and verbatim ({@link org.rtc4j.sdp.SdpLine}), unknown attributes and
 *       lines included, so that {@code parse} then {@code toString} gives back the input (CRLF line
 *       endings; LF-only input is accepted and written back with CRLF);</li>
 *   <li>{@link org.rtc4j.sdp.SdpParser}: the structural rules of RFC 8866 with bounds on size,
 *       lines and media sections, and {@link org.rtc4j.sdp.SdpParseException} naming the line;</li>
 *   <li>typed getters, parsed on demand, and {@code with*} methods and builders that write the right
 *       lines, for: ICE (RFC 8839: {@code ice-ufrag}, {@code ice-pwd}, {@code ice-options},
 *       {@code ice-lite}; candidates are kept as the text after {@code candidate:}, which the
 *       {@code ice} module parses; {@code end-of-candidates} of RFC 8840); DTLS (RFC 5763, RFC 8122,
 *       RFC 8842: {@link org.rtc4j.sdp.Fingerprint}, {@link org.rtc4j.sdp.Setup}); BUNDLE and other
 *       groups (RFC 5888, RFC 8843: {@link org.rtc4j.sdp.Group}, {@code mid}); RTP ({@code rtpmap},
 *       {@code fmtp}, {@code rtcp-fb} of RFC 4585, {@code extmap} of RFC 8285, {@code ssrc} and
 *       {@code ssrc-group} of RFC 5576, {@code msid} of RFC 8830, {@code rtcp-mux},
 *       {@code rtcp-rsize}, directions); simulcast ({@link org.rtc4j.sdp.Rid} of RFC 8851,
 *       {@link org.rtc4j.sdp.Simulcast} of RFC 8853); data channels (RFC 8841: {@code sctp-port},
 *       {@code max-message-size}, {@code m=application 9 UDP/DTLS/SCTP webrtc-datachannel}).</li>
 * </ul>
 *
 * <p>Everything is immutable and free of I/O. The module depends on nothing but the JDK.
 */
package org.rtc4j.sdp;
