package org.rtc4j.datachannel;

/**
 * A snapshot of a {@link DataChannelTransport}'s counters. The drops are messages discarded without
 * harm to any channel.
 *
 * @param channels channels that exist now, in any state but closed
 * @param dataChannelsOpened channels that reached "open" (W3C {@code RTCPeerConnectionStats})
 * @param dataChannelsClosed channels that reached "closed" after being open
 * @param malformedDcep DCEP messages the codec rejected ({@link DataChannelException})
 * @param unexpectedDcep well-formed DCEP messages out of place: an OPEN on a stream in use, an ACK
 *                       nobody waits for
 * @param refusedChannels OPENs refused because the channel bound was reached (their stream is reset)
 * @param unknownPpid user messages with a PPID that is neither DCEP, string nor binary
 * @param messagesWithoutChannel user messages on a stream without an open channel
 */
public record DataChannelTransportStats(int channels, long dataChannelsOpened, long dataChannelsClosed,
                                        long malformedDcep, long unexpectedDcep, long refusedChannels,
                                        long unknownPpid, long messagesWithoutChannel) {
}
