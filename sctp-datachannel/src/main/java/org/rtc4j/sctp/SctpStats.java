package org.rtc4j.sctp;

/**
 * A snapshot of an association's counters, for {@code getStats()} and for people studying the
 * protocol. Drops are packets or chunks that were discarded without harm.
 *
 * @param packetsReceived packets accepted (checksum and verification tag good)
 * @param packetsSent packets handed out by {@code pollTransmit}
 * @param droppedMalformed packets or chunks the codec rejected
 * @param droppedChecksum packets with a wrong CRC32c
 * @param droppedTag packets with a wrong verification tag (or out of the blue)
 * @param droppedOutOfWindow DATA chunks beyond the receive window or far outside the TSN window
 * @param dataChunksSent DATA chunks sent, retransmissions included
 * @param dataChunksReceived DATA chunks received, duplicates included
 * @param duplicateTsns DATA chunks received twice
 * @param retransmissions DATA chunks sent again (timeouts and fast retransmits)
 * @param fastRetransmits of those, the fast retransmissions
 * @param t3Expirations retransmission timer expiries
 * @param messagesSent user messages fully handed to the network for the first time
 * @param messagesReceived user messages delivered
 * @param bytesSent user data bytes sent, retransmissions excluded
 * @param bytesReceived user data bytes delivered
 * @param abandonedMessages messages given up under partial reliability
 * @param cwnd the congestion window, bytes
 * @param ssthresh the slow-start threshold, bytes
 * @param peerRwnd the peer's advertised window less our bytes in flight
 * @param inFlight bytes sent and not yet acknowledged
 * @param srttMillis the smoothed round-trip time, or 0 before the first measurement
 * @param rtoMillis the current retransmission timeout
 */
public record SctpStats(long packetsReceived, long packetsSent, long droppedMalformed, long droppedChecksum,
                        long droppedTag, long droppedOutOfWindow, long dataChunksSent, long dataChunksReceived,
                        long duplicateTsns, long retransmissions, long fastRetransmits, long t3Expirations,
                        long messagesSent, long messagesReceived, long bytesSent, long bytesReceived,
                        long abandonedMessages, long cwnd, long ssthresh, long peerRwnd, long inFlight,
                        long srttMillis, long rtoMillis) {
}
