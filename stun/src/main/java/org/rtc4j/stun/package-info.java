/**
 * STUN and the message layer of TURN, as sans-IO state machines.
 *
 * <p>What is here:
 * <ul>
 *   <li>the message codec of RFC 8489 (header, classes and methods, every attribute of RFC 8489,
 *       the ICE attributes of RFC 8445 §16.1, the TURN attributes of RFC 8656 §18) in
 *       {@link org.rtc4j.stun.StunMessage}, {@link org.rtc4j.stun.StunMessageBuilder} and
 *       {@link org.rtc4j.stun.StunWriter};</li>
 *   <li>MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (RFC 8489 §14.5, §14.6, §14.7),
 *       checked in place, and the short-term and long-term credential mechanisms of RFC 8489 §9
 *       ({@link org.rtc4j.stun.StunKey}, {@link org.rtc4j.stun.LongTermAuthenticator});</li>
 *   <li>TURN ChannelData framing (RFC 8656 §12) and the first-byte demultiplexer of RFC 7983
 *       ({@link org.rtc4j.stun.ChannelData}, {@link org.rtc4j.stun.PacketClassifier});</li>
 *   <li>client transactions with retransmission (RFC 8489 §6.2) in {@link org.rtc4j.stun.StunClient},
 *       and a Binding server core in {@link org.rtc4j.stun.StunServer}.</li>
 * </ul>
 *
 * <p>Nothing in this package opens a socket, starts a thread or reads a clock: time is a parameter
 * ({@code handle*(Instant now, ...)}) and output is drained with {@code poll*()}.
 * Malformed input from the network never escapes a {@code handle*} method as an exception; the
 * decoder itself reports it as a {@link org.rtc4j.stun.StunException} with a
 * {@link org.rtc4j.stun.StunException.Reason}.
 */
package org.rtc4j.stun;
