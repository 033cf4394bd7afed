/**
 * ICE, the connectivity layer of WebRTC, as sans-IO state machines.
 *
 * <ul>
 *   <li>{@link org.rtc4j.ice.IceAgent}: full and lite ICE (RFC 8445) for one data stream with one
 *       component (BUNDLE and rtcp-mux), trickle (RFC 8838), consent freshness (RFC 7675), role
 *       conflicts, ICE restart, host, server-reflexive, peer-reflexive and relayed candidates;</li>
 *   <li>{@link org.rtc4j.ice.Candidate}: candidates and the {@code a=candidate} grammar (RFC 8839 §5.1,
 *       RFC 6544);</li>
 *   <li>{@link org.rtc4j.ice.TurnAllocation}: the TURN client (RFC 8656) over UDP, TCP and TLS, with
 *       {@link org.rtc4j.ice.TurnServerUrl} for {@code turn:}/{@code turns:} URLs (RFC 7064, RFC 7065);</li>
 *   <li>{@link org.rtc4j.ice.MdnsResolver} and {@link org.rtc4j.ice.MdnsResponder}: {@code .local}
 *       candidates (draft-ietf-mmusic-mdns-ice-candidates, RFC 6762);</li>
 *   <li>{@link org.rtc4j.ice.HostAddressPolicy}: which interfaces give host candidates.</li>
 * </ul>
 *
 * <p>Nothing here opens a socket, starts a thread or reads a clock: a driver feeds datagrams and time
 * in ({@code handle*}) and drains datagrams, events and deadlines out ({@code poll*}).
 */
package org.rtc4j.ice;
