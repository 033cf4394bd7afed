package org.rtc4j.sctp;

import java.util.List;

/**
 * A chunk whose value is a list of type-length-value fields: HEARTBEAT and HEARTBEAT ACK (RFC 9260
 * §3.3.5, §3.3.6: Heartbeat Info), ABORT and ERROR (§3.3.7, §3.3.10: error causes) and RE-CONFIG
 * (RFC 6525 §3.1: request and response parameters).
 *
 * @param type {@link SctpChunk#HEARTBEAT}, {@link SctpChunk#HEARTBEAT_ACK}, {@link SctpChunk#ABORT},
 *             {@link SctpChunk#ERROR} or {@link SctpChunk#RE_CONFIG}
 * @param flags the flags byte, kept as received; for ABORT, bit 0 is the T bit ({@link #TAG_REFLECTED})
 * @param parameters the fields, in order
 */
public record ParameterChunk(int type, int flags, List<SctpParameter> parameters) implements SctpChunk {
    /**
     * The T bit of ABORT (and of SHUTDOWN COMPLETE, which decodes as a {@link RawChunk}): the packet's
     * verification tag is reflected, copied from the packet being answered, so it is the sender's own
     * tag and the receiver checks it against its peer's tag instead of its own (RFC 9260 §8.5.1).
     */
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
