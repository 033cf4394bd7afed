package org.rtc4j.dtls;

/**
 * Counters of a {@link DtlsEndpoint}, a snapshot taken by {@link DtlsEndpoint#stats()}.
 *
 * @param datagramsReceived     every datagram handed to {@code handleReceive}
 * @param datagramsSent         every datagram drained with {@code pollTransmit}
 * @param droppedMalformed      datagrams that are not a sequence of whole DTLS records (RFC 6347 §4.1), or too large
 * @param droppedQueueFull      datagrams dropped because the handshake thread's queue was at its bound
 * @param droppedClosed         datagrams that arrived after the endpoint closed or failed
 * @param recordsDiscarded      well-formed datagrams the record layer discarded after the handshake
 *                              (bad MAC, replay, old epoch, retransmitted handshake)
 * @param applicationRecordsReceived application data records delivered as events
 */
public record DtlsStats(long datagramsReceived, long datagramsSent, long droppedMalformed, long droppedQueueFull,
                        long droppedClosed, long recordsDiscarded, long applicationRecordsReceived) {

    /** All datagrams dropped before reaching the record layer. */
    public long datagramsDropped() {
        return droppedMalformed + droppedQueueFull + droppedClosed;
    }
}
