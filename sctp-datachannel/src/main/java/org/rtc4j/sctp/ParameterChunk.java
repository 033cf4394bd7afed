package org.rtc4j.sctp;

import java.util.List;

/**
 * A chunk whose value is a list of type-length-value fields: HEARTBEAT and HEARTBEAT ACK (RFC 9260
 * §3.3.5, §3.3.6: Heartbeat Info), ABORT and ERROR (§3.3.7, §3.3.10: error causes) and RE-CONFIG
 * (RFC 6525 §3.1: request and response parameters).
 *
 * @param flags for ABORT and SHUTDOWN COMPLETE, bit 0 is the T bit (the tag is reflected)
 * @param parameters the fields, in order
 */
public record ParameterChunk(int type, int flags, List<SctpParameter> parameters) implements SctpChunk {
    /** The T bit of ABORT and SHUTDOWN COMPLETE: the verification tag is the receiver's own. */
    public static final int TAG_REFLECTED = 1;

    public ParameterChunk {
        parameters = List.copyOf(parameters);
    }

    /** The first parameter (or error cause) of a type, or null. */
    public SctpParameter parameter(int parameterType) {
        return SctpParameter.find(parameters, parameterType);
    }

    @Override
    public int valueLength() {
        return SctpParameter.listLength(parameters);
    }

    @Override
    public void writeValue(byte[] out, int off) {
        SctpParameter.writeList(parameters, out, off);
    }
}
