package org.rtc4j.sctp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A chunk kept as its bytes: COOKIE ECHO (the opaque cookie, RFC 9260 §3.3.11), the empty COOKIE ACK,
 * SHUTDOWN ACK and SHUTDOWN COMPLETE, PAD, and any chunk type this codec does not know.
 *
 * @param type the chunk type, 0 ~ 255
 * @param flags the flags byte, 0 ~ 255, kept as received (the T bit of SHUTDOWN COMPLETE is bit 0)
 * @param value the chunk value, without padding; owned by this record
 */
public record RawChunk(int type, int flags, byte[] value) implements SctpChunk {
    public RawChunk {
        if (type < 0 || type > 255 || flags < 0 || flags > 255) {
            throw new IllegalArgumentException("type " + type + ", flags " + flags + " (expected: 0 ~ 255)");
        }
    }

    /** A chunk with no value, such as COOKIE ACK. */
    public static RawChunk empty(int type, int flags) {
        return new RawChunk(type, flags, new byte[0]);
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void writeValue(byte[] out, int off) {
        System.arraycopy(value, 0, out, off, value.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawChunk r && r.type == type && r.flags == flags && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return SctpChunk.typeName(type) + "[flags=" + flags + ", " + HexFormat.of().formatHex(value) + "]";
    }
}
