package org.rtc4j.sctp;

import java.util.List;

/**
 * An INIT or INIT ACK chunk (RFC 9260 §3.3.2, §3.3.3): the fixed fields and the optional parameters,
 * in their order. An INIT ACK carries the State Cookie as a parameter.
 *
 * @param type {@link SctpChunk#INIT} or {@link SctpChunk#INIT_ACK}
 * @param flags the flags byte (none defined), kept as received
 * @param initiateTag the verification tag the sender expects in every packet sent to it
 * @param aRwnd the sender's advertised receiver window credit, in bytes
 * @param outboundStreams the number of outbound streams the sender wants
 * @param inboundStreams the most inbound streams the sender allows
 * @param initialTsn the TSN of the sender's first DATA chunk
 * @param parameters the optional and variable-length parameters, in order, unknown ones included
 */
public record InitChunk(int type, int flags, long initiateTag, long aRwnd, int outboundStreams, int inboundStreams,
                        long initialTsn, List<SctpParameter> parameters) implements SctpChunk {
    static final int FIXED_LENGTH = 16;

    public InitChunk {
        if (type != INIT && type != INIT_ACK) {
            throw new IllegalArgumentException("type " + type + " (expected: INIT 1 or INIT_ACK 2)");
        }
        parameters = List.copyOf(parameters);
    }

    static InitChunk decode(int type, int flags, byte[] b, int off, int len) throws SctpException {
        SctpChunk.requireLength(type, len, FIXED_LENGTH);
        return new InitChunk(type, flags, Bytes.u32(b, off), Bytes.u32(b, off + 4), Bytes.u16(b, off + 8),
                Bytes.u16(b, off + 10), Bytes.u32(b, off + 12),
                SctpParameter.decodeList(b, off + FIXED_LENGTH, len - FIXED_LENGTH));
    }

    /** The first parameter of a type, or null. */
    public SctpParameter parameter(int parameterType) {
        return SctpParameter.find(parameters, parameterType);
    }

    /** The State Cookie of an INIT ACK, or null. */
    public byte[] stateCookie() {
        SctpParameter cookie = parameter(SctpParameter.STATE_COOKIE);
        return cookie == null ? null : cookie.value();
    }

    /** Whether the sender supports FORWARD-TSN (RFC 3758 §3.1). */
    public boolean supportsForwardTsn() {
        return parameter(SctpParameter.FORWARD_TSN_SUPPORTED) != null || supportsExtension(FORWARD_TSN);
    }

    /** Whether the Supported Extensions parameter (RFC 5061 §4.2.7) lists a chunk type. */
    public boolean supportsExtension(int chunkType) {
        SctpParameter extensions = parameter(SctpParameter.SUPPORTED_EXTENSIONS);
        if (extensions != null) {
            for (byte t : extensions.value()) {
                if ((t & 0xFF) == chunkType) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The error detection method the sender offers for zero checksums (RFC 9653 §3), or -1 when it
     * offers none.
     */
    public long zeroChecksumMethod() {
        SctpParameter p = parameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE);
        return p == null || p.value().length < 4 ? -1 : Bytes.u32(p.value(), 0);
    }

    @Override
    public int valueLength() {
        return FIXED_LENGTH + SctpParameter.listLength(parameters);
    }

    @Override
    public void writeValue(byte[] out, int off) {
        Bytes.put32(out, off, initiateTag);
        Bytes.put32(out, off + 4, aRwnd);
        Bytes.put16(out, off + 8, outboundStreams);
        Bytes.put16(out, off + 10, inboundStreams);
        Bytes.put32(out, off + 12, initialTsn);
        SctpParameter.writeList(parameters, out, off + FIXED_LENGTH);
    }
}
