package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Writes a STUN message attribute by attribute straight into a caller's buffer (RFC 8489 §5, §14),
 * keeping the header's length current so that MESSAGE-INTEGRITY and FINGERPRINT are computed in
 * place. Nothing is allocated for numbers, flags, ASCII text and byte ranges, so a reused writer
 * serves a hot path.
 *
 * <p>The caller owns the buffer; the writer holds it only between {@link #begin} and {@link #finish}.
 * A writer is not thread-safe. Adding an attribute after FINGERPRINT, or anything but FINGERPRINT
 * and MESSAGE-INTEGRITY-SHA256 after MESSAGE-INTEGRITY, is refused, as RFC 8489 §14.5 to §14.7 order them.
 */
public final class StunWriter {
    private byte[] buf;
    private int start;
    private int pos;
    private boolean integrity;
    private boolean fingerprint;

    /**
     * Starts a message at {@code offset} of {@code buffer}, writing its header.
     *
     * @throws IllegalArgumentException if the header does not fit
     */
    public StunWriter begin(byte[] buffer, int offset, StunMessageType type, TransactionId id) {
        if (offset < 0 || offset + StunMessage.HEADER_LENGTH > buffer.length) {
            throw new IllegalArgumentException("no room for a STUN header at offset " + offset + " of " + buffer.length);
        }
        buf = buffer;
        start = offset;
        pos = offset + StunMessage.HEADER_LENGTH;
        integrity = false;
        fingerprint = false;
        Bytes.putU16(buf, start, type.encode());
        Bytes.putU16(buf, start + 2, 0);
        Bytes.putInt(buf, start + 4, StunMessage.MAGIC_COOKIE);
        id.writeTo(buf, start + 8);
        return this;
    }

    /** An address attribute; XOR'd when the type is XOR-MAPPED-, XOR-PEER- or XOR-RELAYED-ADDRESS. */
    public StunWriter address(StunAttributeType type, InetSocketAddress address) {
        boolean xor = type.kind() == StunAttributeType.Kind.XOR_ADDRESS;
        if (!xor && type.kind() != StunAttributeType.Kind.ADDRESS) {
            throw new IllegalArgumentException(type + " is not an address attribute");
        }
        int len = AttributeCodec.isIpv6(address) ? 20 : 8;
        int v = header(type, len);
        AttributeCodec.writeAddress(address, xor, buf, v, start);
        return this;
    }

    /** A text attribute, UTF-8 encoded. */
    public StunWriter text(StunAttributeType type, String value) {
        if (isAscii(value)) {
            int len = value.length();
            int v = header(type, len);
            for (int i = 0; i < len; i++) {
                buf[v + i] = (byte) value.charAt(i);
            }
            pad(v, len);
            return this;
        }
        return bytes(type, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A 32-bit attribute such as PRIORITY or LIFETIME. */
    public StunWriter uint32(StunAttributeType type, long value) {
        Bytes.putInt(buf, header(type, 4), (int) value);
        return this;
    }

    /** A 64-bit attribute: ICE-CONTROLLING or ICE-CONTROLLED. */
    public StunWriter uint64(StunAttributeType type, long value) {
        Bytes.putLong(buf, header(type, 8), value);
        return this;
    }

    /** An attribute without a value, such as USE-CANDIDATE. */
    public StunWriter flag(StunAttributeType type) {
        header(type, 0);
        return this;
    }

    /** An attribute whose value is all of {@code value}. */
    public StunWriter bytes(StunAttributeType type, byte[] value) {
        return bytes(type, value, 0, value.length);
    }

    /** An attribute whose value is {@code len} bytes of {@code value} from {@code off}. */
    public StunWriter bytes(StunAttributeType type, byte[] value, int off, int len) {
        int v = header(type, len);
        System.arraycopy(value, off, buf, v, len);
        pad(v, len);
        return this;
    }

    /** Any attribute value. */
    public StunWriter attribute(StunAttribute attribute) {
        int len = AttributeCodec.valueLength(attribute);
        int v = header(attribute.type(), len);
        AttributeCodec.writeValue(attribute, buf, v, start);
        pad(v, len);
        return this;
    }

    /** MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 of everything written so far. */
    public StunWriter messageIntegrity(StunKey key) {
        if (integrity) {
            throw new IllegalStateException("MESSAGE-INTEGRITY is already written");
        }
        int at = pos;
        int v = header(StunAttributeType.MESSAGE_INTEGRITY, 20);
        key.sign(StunKey.Hmac.SHA1, buf, start, at - start, v + 20 - start - StunMessage.HEADER_LENGTH, buf, v);
        integrity = true;
        return this;
    }

    /** MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), untruncated: HMAC-SHA256 of everything written so far. */
    public StunWriter messageIntegritySha256(StunKey key) {
        int at = pos;
        int v = header(StunAttributeType.MESSAGE_INTEGRITY_SHA256, 32);
        key.sign(StunKey.Hmac.SHA256, buf, start, at - start, v + 32 - start - StunMessage.HEADER_LENGTH, buf, v);
        integrity = true;
        return this;
    }

    /** FINGERPRINT (RFC 8489 §14.7); nothing may follow it. */
    public StunWriter fingerprint() {
        int at = pos;
        int v = header(StunAttributeType.FINGERPRINT, 4);
        Bytes.putInt(buf, v, Fingerprint.compute(buf, start, at - start));
        fingerprint = true;
        return this;
    }

    /** Ends the message; returns its length in bytes, header included. */
    public int finish() {
        if (buf == null) {
            throw new IllegalStateException("begin() was not called");
        }
        int len = pos - start;
        buf = null;
        return len;
    }

    /** Writes an attribute header, advances past the padded value, updates the message length; returns the value offset. */
    private int header(StunAttributeType type, int valueLength) {
        if (buf == null) {
            throw new IllegalStateException("begin() was not called");
        }
        if (fingerprint) {
            throw new IllegalStateException("nothing may follow FINGERPRINT, not even " + type);
        }
        if (integrity && !type.equals(StunAttributeType.FINGERPRINT) && !type.equals(StunAttributeType.MESSAGE_INTEGRITY_SHA256)) {
            throw new IllegalStateException(type + " would follow MESSAGE-INTEGRITY and be ignored by the receiver");
        }
        if (valueLength > 0xFFFF) {
            throw new IllegalArgumentException(type + " value of " + valueLength + " bytes (expected: 0 ~ 65535)");
        }
        int padded = Bytes.pad4(valueLength);
        int bodyLength = pos + 4 + padded - start - StunMessage.HEADER_LENGTH;
        if (bodyLength > 0xFFFF) {
            throw new IllegalArgumentException("message body of " + bodyLength + " bytes exceeds 65535");
        }
        if (pos + 4 + padded > buf.length) {
            throw new IllegalArgumentException("buffer of " + buf.length + " bytes has no room for " + type + " at " + pos);
        }
        Bytes.putU16(buf, pos, type.code());
        Bytes.putU16(buf, pos + 2, valueLength);
        int value = pos + 4;
        pad(value, valueLength);
        pos = value + padded;
        Bytes.putU16(buf, start + 2, bodyLength);
        return value;
    }

    private void pad(int value, int valueLength) {
        Arrays.fill(buf, value + valueLength, value + Bytes.pad4(valueLength), (byte) 0);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
