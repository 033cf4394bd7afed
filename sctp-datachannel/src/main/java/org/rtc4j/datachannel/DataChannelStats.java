package org.rtc4j.datachannel;

/**
 * A snapshot of one channel's counters, with the fields of the W3C {@code RTCDataChannelStats}
 * (webrtc-stats). Empty messages count as 0 bytes.
 *
 * @param label the channel's label
 * @param protocol the channel's subprotocol
 * @param dataChannelIdentifier the stream id
 * @param state the channel's state
 * @param messagesSent messages handed to the association
 * @param bytesSent their payload bytes
 * @param messagesReceived messages delivered to the application
 * @param bytesReceived their payload bytes
 */
public record DataChannelStats(String label, String protocol, int dataChannelIdentifier, DataChannelState state,
                               long messagesSent, long bytesSent, long messagesReceived, long bytesReceived) {
}
