package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a STUN message from attribute values, then encodes it with optional MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT in the order RFC 8489 §14 requires. For hot paths that
 * must not allocate, {@link StunWriter} writes the same bytes straight into a caller's buffer.
 */
public final class StunMessageBuilder {
    private final StunMessageType type;
    private final TransactionId transactionId;
    private final List<StunAttribute> attributes = new ArrayList<>();
    private StunKey integrityKey;
    private StunKey integritySha256Key;
    private boolean fingerprint;

    private StunMessageBuilder(StunMessageType type, TransactionId transactionId) {
        this.type = type;
        this.transactionId = transactionId;
    }

    /** A message of a type with a transaction id. */
    public static StunMessageBuilder of(StunMessageType type, TransactionId transactionId) {
        return new StunMessageBuilder(type, transactionId);
    }

    /** A response of the given class to a request, with the request's method and transaction id. */
    public static StunMessageBuilder responseTo(StunMessage request, StunClass responseClass) {
        if (!responseClass.isResponse()) {
            throw new IllegalArgumentException(responseClass + " is not a response class");
        }
        return new StunMessageBuilder(StunMessageType.of(responseClass, request.method()), request.transactionId());
    }

    /** An error response to a request, with ERROR-CODE and the standard reason phrase. */
    public static StunMessageBuilder errorResponseTo(StunMessage request, int errorCode) {
        return responseTo(request, StunClass.ERROR_RESPONSE).add(StunAttribute.ErrorCode.of(errorCode));
    }

    /** Adds an attribute; they are encoded in the order added. */
    public StunMessageBuilder add(StunAttribute attribute) {
        StunAttributeType t = attribute.type();
        if (t.equals(StunAttributeType.MESSAGE_INTEGRITY) || t.equals(StunAttributeType.MESSAGE_INTEGRITY_SHA256)
                || t.equals(StunAttributeType.FINGERPRINT)) {
            throw new IllegalArgumentException(t + " is computed at encoding: use messageIntegrity() or fingerprint()");
        }
        attributes.add(attribute);
        return this;
    }

    /** Adds a text attribute. */
    public StunMessageBuilder text(StunAttributeType type, String value) {
        return add(new StunAttribute.Text(type, value));
    }

    /** Adds a 32-bit attribute. */
    public StunMessageBuilder uint32(StunAttributeType type, long value) {
        return add(new StunAttribute.Uint32(type, value));
    }

    /** Adds a 64-bit attribute. */
    public StunMessageBuilder uint64(StunAttributeType type, long value) {
        return add(new StunAttribute.Uint64(type, value));
    }

    /** Adds a value-less attribute. */
    public StunMessageBuilder flag(StunAttributeType type) {
        return add(new StunAttribute.Flag(type));
    }

    /** Adds an address attribute. */
    public StunMessageBuilder address(StunAttributeType type, InetSocketAddress address) {
        return add(new StunAttribute.Address(type, address));
    }

    /** Adds an opaque attribute. */
    public StunMessageBuilder bytes(StunAttributeType type, byte[] value) {
        return add(new StunAttribute.Opaque(type, value));
    }

    /** Signs the message with MESSAGE-INTEGRITY (HMAC-SHA1). */
    public StunMessageBuilder messageIntegrity(StunKey key) {
        this.integrityKey = key;
        return this;
    }

    /** Signs the message with MESSAGE-INTEGRITY-SHA256. */
    public StunMessageBuilder messageIntegritySha256(StunKey key) {
        this.integritySha256Key = key;
        return this;
    }

    /** Ends the message with FINGERPRINT. */
    public StunMessageBuilder fingerprint() {
        this.fingerprint = true;
        return this;
    }

    /** The encoded length of the message. */
    public int encodedLength() {
        int n = StunMessage.HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            n += 4 + Bytes.pad4(AttributeCodec.valueLength(a));
        }
        if (integrityKey != null) {
            n += 24;
        }
        if (integritySha256Key != null) {
            n += 36;
        }
        if (fingerprint) {
            n += 8;
        }
        return n;
    }

    /**
     * Encodes into a caller's buffer.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException if the buffer is too small or the message exceeds 64 KiB
     */
    public int encode(byte[] out, int off) {
        StunWriter w = new StunWriter().begin(out, off, type, transactionId);
        for (StunAttribute a : attributes) {
            w.attribute(a);
        }
        if (integrityKey != null) {
            w.messageIntegrity(integrityKey);
        }
        if (integritySha256Key != null) {
            w.messageIntegritySha256(integritySha256Key);
        }
        if (fingerprint) {
            w.fingerprint();
        }
        return w.finish();
    }

    /** Encodes to a new array. */
    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        encode(out, 0);
        return out;
    }

    /** Encodes and returns the message as decoded, ready to send or inspect. */
    public StunMessage build() {
        try {
            return StunMessage.wrap(encode());
        } catch (StunException e) {
            throw new IllegalStateException("rtc4j encoded a message it cannot decode: " + e.getMessage(), e);
        }
    }
}
