package org.rtc4j.sctp;

import java.util.Arrays;

/**
 * One chunk of an SCTP packet (RFC 9260 §3.2), as an immutable value. The codec keeps every bit it
 * read (flags included), so that a decoded packet re-encodes byte for byte.
 *
 * <p>Chunk type code points are plain {@code int}s here; {@link #typeName(int)} names them, and a
 * type this codec does not know decodes as a {@link RawChunk} instead of failing.
 */
public sealed interface SctpChunk permits DataChunk, InitChunk, SackChunk, ShutdownChunk, ForwardTsnChunk,
        ParameterChunk, RawChunk {
    int DATA = 0;
    int INIT = 1;
    int INIT_ACK = 2;
    int SACK = 3;
    int HEARTBEAT = 4;
    int HEARTBEAT_ACK = 5;
    int ABORT = 6;
    int SHUTDOWN = 7;
    int SHUTDOWN_ACK = 8;
    int ERROR = 9;
    int COOKIE_ECHO = 10;
    int COOKIE_ACK = 11;
    int SHUTDOWN_COMPLETE = 14;
    /** RE-CONFIG (RFC 6525 §3.1). */
    int RE_CONFIG = 130;
    /** PAD (RFC 4820). */
    int PAD = 132;
    /** FORWARD-TSN (RFC 3758 §3.2). */
    int FORWARD_TSN = 192;

    /** The chunk type (RFC 9260 §3.2). */
    int type();

    /** The chunk flags byte. */
    int flags();

    /** The length of the value, without the 4-byte chunk header and without padding. */
    int valueLength();

    /** Writes the value at {@code out[off]}; the caller has made room for {@link #valueLength()} bytes. */
    void writeValue(byte[] out, int off);

    /** A readable name for a chunk type, such as {@code "INIT_ACK"} or {@code "UNKNOWN(77)"}. */
    static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case INIT -> "INIT";
            case INIT_ACK -> "INIT_ACK";
            case SACK -> "SACK";
            case HEARTBEAT -> "HEARTBEAT";
            case HEARTBEAT_ACK -> "HEARTBEAT_ACK";
            case ABORT -> "ABORT";
            case SHUTDOWN -> "SHUTDOWN";
            case SHUTDOWN_ACK -> "SHUTDOWN_ACK";
            case ERROR -> "ERROR";
            case COOKIE_ECHO -> "COOKIE_ECHO";
            case COOKIE_ACK -> "COOKIE_ACK";
            case SHUTDOWN_COMPLETE -> "SHUTDOWN_COMPLETE";
            case RE_CONFIG -> "RE_CONFIG";
            case PAD -> "PAD";
            case FORWARD_TSN -> "FORWARD_TSN";
            default -> "UNKNOWN(" + type + ")";
        };
    }

    /**
     * Decodes one chunk's value.
     *
     * @param b the buffer; the chunk copies what it keeps
     * @throws SctpException if the value is malformed for its type
     */
    static SctpChunk decode(int type, int flags, byte[] b, int off, int len) throws SctpException {
        return switch (type) {
            case DATA -> DataChunk.decode(flags, b, off, len);
            case INIT, INIT_ACK -> InitChunk.decode(type, flags, b, off, len);
            case SACK -> SackChunk.decode(flags, b, off, len);
            case SHUTDOWN -> ShutdownChunk.decode(flags, b, off, len);
            case FORWARD_TSN -> ForwardTsnChunk.decode(flags, b, off, len);
            case HEARTBEAT, HEARTBEAT_ACK, ABORT, ERROR, RE_CONFIG ->
                    new ParameterChunk(type, flags, SctpParameter.decodeList(b, off, len));
            default -> new RawChunk(type, flags, Arrays.copyOfRange(b, off, off + len));
        };
    }

    /** Fails unless {@code len} is at least {@code min}: the fixed part of a chunk's value. */
    static void requireLength(int type, int len, int min) throws SctpException {
        if (len < min) {
            throw new SctpException(SctpException.Reason.TRUNCATED,
                    typeName(type) + " value of " + len + " bytes (expected: at least " + min + ")");
        }
    }
}
