/**
 * A sans-IO SCTP association for WebRTC data channels, carried in DTLS application data (RFC 8261).
 *
 * <p>What is here:
 * <ul>
 *   <li>the packet and chunk codec of RFC 9260 §3 (common header, CRC32c of Appendix A, every chunk
 *       type an association over DTLS meets) with the FORWARD-TSN chunk of RFC 3758 and the RE-CONFIG
 *       chunk and parameters of RFC 6525: {@link org.rtc4j.sctp.SctpPacket},
 *       {@link org.rtc4j.sctp.SctpChunk}, {@link org.rtc4j.sctp.ChunkReader};</li>
 *   <li>the association ({@link org.rtc4j.sctp.SctpAssociation}): the four-way handshake with a
 *       signed, time-limited state cookie and initialisation collisions (RFC 9260 §5), DATA and SACK
 *       with fragmentation, reassembly and ordered/unordered delivery (§6), congestion control,
 *       retransmission and RTO (§6.3, §7), heartbeats (§8.3), shutdown and abort (§9), partial
 *       reliability (RFC 3758), outgoing stream resets (RFC 6525 §5.1.2) and the zero checksum of
 *       RFC 9653 when both ends offer it.</li>
 * </ul>
 *
 * <p>Nothing in this package opens a socket, starts a thread or reads a clock: time is a parameter
 * ({@code handle*(Instant now, ...)}) and output is drained with {@code poll*()}. Malformed packets
 * never escape {@code handleReceive} as exceptions: they are dropped and counted in
 * {@link org.rtc4j.sctp.SctpAssociation#stats()}; the codec itself reports them as
 * {@link org.rtc4j.sctp.SctpException}s.
 */
package org.rtc4j.sctp;
