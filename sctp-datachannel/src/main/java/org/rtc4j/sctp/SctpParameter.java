package org.rtc4j.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A type-length-value field inside a chunk: an INIT parameter (RFC 9260 §3.3.2.1), a RE-CONFIG
 * parameter (RFC 6525 §4) or an error cause (RFC 9260 §3.3.10), which share one layout. Each is padded
 * to 4 bytes; a chunk's length counts the padding of every parameter but the last.
 *
 * @param type the parameter type or cause code
 * @param value the value, owned by this record (callers must not change it)
 */
public record SctpParameter(int type, byte[] value) {
    /** Heartbeat Info (RFC 9260 §3.3.5). */
    public static final int HEARTBEAT_INFO = 1;
    /** State Cookie (RFC 9260 §3.3.3.1). */
    public static final int STATE_COOKIE = 7;
    /** Unrecognized Parameter (RFC 9260 §3.3.3.1). */
    public static final int UNRECOGNIZED_PARAMETER = 8;
    /** Outgoing SSN Reset Request (RFC 6525 §4.1). */
    public static final int OUTGOING_SSN_RESET_REQUEST = 13;
    /** Incoming SSN Reset Request (RFC 6525 §4.2). */
    public static final int INCOMING_SSN_RESET_REQUEST = 14;
    /** SSN/TSN Reset Request (RFC 6525 §4.3). */
    public static final int SSN_TSN_RESET_REQUEST = 15;
    /** Re-configuration Response (RFC 6525 §4.4). */
    public static final int RECONFIGURATION_RESPONSE = 16;
    /** Add Outgoing Streams Request (RFC 6525 §4.5). */
    public static final int ADD_OUTGOING_STREAMS_REQUEST = 17;
    /** Add Incoming Streams Request (RFC 6525 §4.6). */
    public static final int ADD_INCOMING_STREAMS_REQUEST = 18;
    /** Zero Checksum Acceptable (RFC 9653 §3). */
    public static final int ZERO_CHECKSUM_ACCEPTABLE = 0x8001;
    /** Supported Extensions (RFC 5061 §4.2.7). */
    public static final int SUPPORTED_EXTENSIONS = 0x8008;
    /** Forward-TSN-Supported (RFC 3758 §3.1). */
    public static final int FORWARD_TSN_SUPPORTED = 0xC000;

    public SctpParameter {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("parameter type " + type + " (expected: 0 ~ 65535)");
        }
        if (value.length > 0xFFFF - 4) {
            throw new IllegalArgumentException("parameter value of " + value.length + " bytes (expected: at most 65531)");
        }
    }

    /** The encoded length of this parameter without its padding. */
    public int length() {
        return 4 + value.length;
    }

    /** Decodes a list of parameters filling {@code b[off, off + len)}; the last one's padding may be absent. */
    static List<SctpParameter> decodeList(byte[] b, int off, int len) throws SctpException {
        List<SctpParameter> list = new ArrayList<>();
        int end = off + len;
        int p = off;
        while (p < end) {
            if (end - p < 4) {
                throw new SctpException(SctpException.Reason.TRUNCATED, "parameter header of " + (end - p) + " bytes");
            }
            int type = Bytes.u16(b, p);
            int length = Bytes.u16(b, p + 2);
            if (length < 4 || length > end - p) {
                throw new SctpException(SctpException.Reason.BAD_LENGTH,
                        "parameter " + type + " length " + length + " (expected: 4 ~ " + (end - p) + ")");
            }
            list.add(new SctpParameter(type, Arrays.copyOfRange(b, p + 4, p + length)));
            p = Math.min(end, p + Bytes.padded(length));
        }
        return List.copyOf(list);
    }

    /** The bytes a list takes inside a chunk: each parameter padded, except the last. */
    static int listLength(List<SctpParameter> list) {
        int n = 0;
        for (int i = 0; i < list.size(); i++) {
            int length = list.get(i).length();
            n += i == list.size() - 1 ? length : Bytes.padded(length);
        }
        return n;
    }

    /** Writes a list at {@code out[off]}, zeroing padding; returns the bytes written ({@link #listLength}). */
    static int writeList(List<SctpParameter> list, byte[] out, int off) {
        int p = off;
        for (int i = 0; i < list.size(); i++) {
            SctpParameter parameter = list.get(i);
            Bytes.put16(out, p, parameter.type);
            Bytes.put16(out, p + 2, parameter.length());
            System.arraycopy(parameter.value, 0, out, p + 4, parameter.value.length);
            int length = parameter.length();
            if (i < list.size() - 1) {
                Arrays.fill(out, p + length, p + Bytes.padded(length), (byte) 0);
                length = Bytes.padded(length);
            }
            p += length;
        }
        return p - off;
    }

    /** The first parameter of a type in a list, or null. */
    static SctpParameter find(List<SctpParameter> list, int type) {
        for (SctpParameter parameter : list) {
            if (parameter.type == type) {
                return parameter;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SctpParameter p && p.type == type && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "SctpParameter[type=" + type + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
