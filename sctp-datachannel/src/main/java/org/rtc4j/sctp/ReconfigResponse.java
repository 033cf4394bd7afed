package org.rtc4j.sctp;

/**
 * The Re-configuration Response parameter of a RE-CONFIG chunk (RFC 6525 §4.4), without the
 * optional TSN fields (they belong to SSN/TSN resets, which WebRTC does not use).
 *
 * @param responseSeq the sequence number of the request answered
 * @param result one of the {@code SUCCESS_PERFORMED} ... constants
 */
public record ReconfigResponse(long responseSeq, long result) {
    public static final long SUCCESS_NOTHING_TO_DO = 0;
    public static final long SUCCESS_PERFORMED = 1;
    public static final long DENIED = 2;
    public static final long ERROR_WRONG_SSN = 3;
    public static final long ERROR_REQUEST_ALREADY_IN_PROGRESS = 4;
    public static final long ERROR_BAD_SEQUENCE_NUMBER = 5;
    public static final long IN_PROGRESS = 6;

    /**
     * Decodes the parameter's value: 8 bytes, or 16 with the sender's and receiver's next TSN, which
     * are ignored.
     *
     * @throws SctpException BAD_LENGTH for a value of another length
     * @throws IllegalArgumentException if the parameter is not a Re-configuration Response
     */
    public static ReconfigResponse decode(SctpParameter parameter) throws SctpException {
        if (parameter.type() != SctpParameter.RECONFIGURATION_RESPONSE) {
            throw new IllegalArgumentException("parameter type " + parameter.type() + " (expected: "
                    + SctpParameter.RECONFIGURATION_RESPONSE + ")");
        }
        byte[] v = parameter.value();
        if (v.length != 8 && v.length != 16) {
            throw new SctpException(SctpException.Reason.BAD_LENGTH,
                    "Re-configuration Response value of " + v.length + " bytes (expected: 8 or 16)");
        }
        return new ReconfigResponse(Bytes.u32(v, 0), Bytes.u32(v, 4));
    }

    /** The parameter carrying this response. */
    public SctpParameter toParameter() {
        byte[] v = new byte[8];
        Bytes.put32(v, 0, responseSeq);
        Bytes.put32(v, 4, result);
        return new SctpParameter(SctpParameter.RECONFIGURATION_RESPONSE, v);
    }
}
