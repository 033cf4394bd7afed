/**
 * {@link org.rtc4j.pc.RTCPeerConnection}: the W3C peer connection on rtc4j's sans-IO layers.
 *
 * <p>What is here:
 * <ul>
 *   <li>JSEP offer/answer (RFC 8829) with the signaling-state machine, pranswer, rollback and the W3C
 *       implicit rollback, in {@code PeerConnectionCore}, which does no I/O;</li>
 *   <li>one BUNDLE group (RFC 8843): ICE (RFC 8445, 8838 trickle), DTLS (RFC 6347, with the role from
 *       {@code a=setup}, RFC 8842) and SCTP with data channels (RFC 8261, 8831, 8832) composed in
 *       {@code BundleTransport}, which demultiplexes by first byte (RFC 7983);</li>
 *   <li>the W3C states, events, errors ({@link org.rtc4j.pc.RTCException}) and {@code getStats()}
 *       with webrtc-stats ids and fields;</li>
 *   <li>the runtime: {@link org.rtc4j.pc.EventLoop} (a NIO selector thread that owns the UDP sockets and
 *       TURN-over-TCP/TLS streams of many connections) and {@link org.rtc4j.pc.EventLoopGroup}.</li>
 * </ul>
 *
 * <p>Every public method of {@code RTCPeerConnection} is thread-safe and hands its work to the
 * connection's loop; callbacks run in order, never while a protocol layer is mid-update.
 */
package org.rtc4j.pc;
