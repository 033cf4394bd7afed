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

    /** Decodes the parameter's value (trailing TSN fields are ignored). */
    public static ReconfigResponse decode(SctpParameter parameter) throws SctpException {
        byte[] v = parameter.value();
        if (parameter.type() != SctpParameter.RECONFIGURATION_RESPONSE || v.length < 8) {
            throw new SctpException(SctpException.Reason.BAD_LENGTH,
                    "Re-configuration Response of " + v.length + " bytes (expected: at least 8)");
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
