/**
 * WebRTC data channels over an SCTP association (RFC 8831), opened with the Data Channel
 * Establishment Protocol (RFC 8832), with the W3C {@code RTCDataChannel} surface in Java names.
 *
 * <p>What is here:
 * <ul>
 *   <li>the DCEP codec (RFC 8832 §5): {@link org.rtc4j.datachannel.DcepMessage} (DATA_CHANNEL_OPEN
 *       and DATA_CHANNEL_ACK), {@link org.rtc4j.datachannel.ChannelType}, and the payload protocol
 *       identifiers of RFC 8831 §8 in {@link org.rtc4j.datachannel.Ppid};</li>
 *   <li>{@link org.rtc4j.datachannel.DataChannelTransport}, the owner of one
 *       {@link org.rtc4j.sctp.SctpAssociation} and of its channels: stream ids by DTLS role
 *       (RFC 8832 §6: client even, server odd), the DCEP handshake, negotiated channels, the closing
 *       procedure by outgoing stream resets (RFC 8831 §6.7, RFC 6525);</li>
 *   <li>{@link org.rtc4j.datachannel.DataChannel} with its settings
 *       ({@link org.rtc4j.datachannel.DataChannelInit}), states
 *       ({@link org.rtc4j.datachannel.DataChannelState}), messages
 *       ({@link org.rtc4j.datachannel.DataChannelMessage}) and events
 *       ({@link org.rtc4j.datachannel.DataChannelEvent}).</li>
 * </ul>
 *
 * <p>Like the rest of the stack it is sans-IO: no sockets, threads or clocks. The transport is fed
 * with {@code handleReceive(now, ...)} and {@code handleTimeout(now)} and drained with
 * {@code pollTransmit}, {@code pollEvent} and {@code pollTimeout}. It never calls user code from
 * inside those methods: handlers registered on a channel run when the owner calls
 * {@link org.rtc4j.datachannel.DataChannelEvent#dispatch()} on a polled event. Malformed DCEP
 * messages never escape {@code handleReceive}: they are dropped and counted in
 * {@link org.rtc4j.datachannel.DataChannelTransport#stats()}; the codec reports them as
 * {@link org.rtc4j.datachannel.DataChannelException}s. Not thread-safe: a transport and its
 * channels belong to one event loop.
 */
package org.rtc4j.datachannel;
