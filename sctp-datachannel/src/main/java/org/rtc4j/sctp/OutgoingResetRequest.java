package org.rtc4j.sctp;

import java.util.Arrays;

/**
 * The Outgoing SSN Reset Request parameter of a RE-CONFIG chunk (RFC 6525 §4.1): the sender resets
 * the sequence numbers of its outgoing streams (all of them when the list is empty) once the receiver
 * has every TSN up to {@code lastAssignedTsn}. WebRTC closes a data channel with it (RFC 8831 §6.7).
 *
 * @param requestSeq this request's Re-configuration Request Sequence Number (unsigned 32 bits)
 * @param responseSeq the Re-configuration Response Sequence Number (unsigned 32 bits): when this
 *                    request answers the peer's Incoming SSN Reset Request, that request's sequence
 *                    number; otherwise the sequence number the sender expects in the peer's next
 *                    request, minus 1 (RFC 6525 §4.1)
 * @param lastAssignedTsn the last TSN the sender assigned (its next TSN minus 1); the receiver resets
 *                        the streams once it has every TSN up to this one
 * @param streams the stream identifiers to reset, 0 ~ 65535, none for all (owned by this record)
 */
public record OutgoingResetRequest(long requestSeq, long responseSeq, long lastAssignedTsn, int[] streams) {
    /**
     * Decodes the parameter's value.
     *
     * @throws SctpException BAD_LENGTH unless the value is 12 bytes and 2 per stream
     * @throws IllegalArgumentException if the parameter is not an Outgoing SSN Reset Request
     */
    public static OutgoingResetRequest decode(SctpParameter parameter) throws SctpException {
        if (parameter.type() != SctpParameter.OUTGOING_SSN_RESET_REQUEST) {
            throw new IllegalArgumentException("parameter type " + parameter.type() + " (expected: "
                    + SctpParameter.OUTGOING_SSN_RESET_REQUEST + ")");
        }
        byte[] v = parameter.value();
        if (v.length < 12 || v.length % 2 != 0) {
            throw new SctpException(SctpException.Reason.BAD_LENGTH,
                    "Outgoing SSN Reset Request value of " + v.length + " bytes (expected: 12 + 2 per stream)");
        }
        int[] streams = new int[(v.length - 12) / 2];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = Bytes.u16(v, 12 + 2 * i);
        }
        return new OutgoingResetRequest(Bytes.u32(v, 0), Bytes.u32(v, 4), Bytes.u32(v, 8), streams);
    }

    /** The parameter carrying this request. */
    public SctpParameter toParameter() {
        byte[] v = new byte[12 + 2 * streams.length];
        Bytes.put32(v, 0, requestSeq);
        Bytes.put32(v, 4, responseSeq);
        Bytes.put32(v, 8, lastAssignedTsn);
        for (int i = 0; i < streams.length; i++) {
            Bytes.put16(v, 12 + 2 * i, streams[i]);
        }
        return new SctpParameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingResetRequest r && r.requestSeq == requestSeq && r.responseSeq == responseSeq
                && r.lastAssignedTsn == lastAssignedTsn && Arrays.equals(r.streams, streams);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(requestSeq) * 31 + Arrays.hashCode(streams);
    }

    @Override
    public String toString() {
        return "OutgoingResetRequest[seq=" + requestSeq + ", responseSeq=" + responseSeq + ", lastTsn="
                + lastAssignedTsn + ", streams=" + Arrays.toString(streams) + "]";
    }
}
