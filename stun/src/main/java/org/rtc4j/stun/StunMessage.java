package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A decoded STUN message (RFC 8489 §5, §14): an immutable value that owns a copy of its bytes and
 * an index of its attributes, which are decoded when asked for.
 *
 * <p>Decoding checks the framing rules strictly (header, cookie, lengths, padding, duplicates, the
 * position of MESSAGE-INTEGRITY and FINGERPRINT, the shape of every known attribute) and reports a
 * violation as a {@link StunException}; a message that decodes can be read without further errors.
 * Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored
 * as RFC 8489 §14.5 requires.
 *
 * <p>{@link #isFingerprintValid()} and {@link #isIntegrityValid(StunKey)} check the message in
 * place, without copying it.
 */
public final class StunMessage {
    /** The length of the STUN header. */
    public static final int HEADER_LENGTH = 20;
    /** The magic cookie (RFC 8489 §5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The largest message: a 16-bit length plus the header. */
    public static final int MAX_LENGTH = HEADER_LENGTH + 0xFFFC;

    private static final int ABSENT = -1;

    static {
        if (StunAttributeType.SLOTS > Long.SIZE) {
            throw new ExceptionInInitializerError("duplicate detection needs at most 64 known attribute types");
        }
    }

    private final byte[] data;
    private final StunMessageType type;
    private final int[] attributeOffsets;
    private final int attributeCount;
    private final int integrityOffset;
    private final int integritySha256Offset;
    private final int fingerprintOffset;

    private StunMessage(byte[] data, StunMessageType type, int[] attributeOffsets, int attributeCount,
                        int integrityOffset, int integritySha256Offset, int fingerprintOffset) {
        this.data = data;
        this.type = type;
        this.attributeOffsets = attributeOffsets;
        this.attributeCount = attributeCount;
        this.integrityOffset = integrityOffset;
        this.integritySha256Offset = integritySha256Offset;
        this.fingerprintOffset = fingerprintOffset;
    }

    /**
     * Whether the bytes look like a STUN message: the first two bits are zero, the cookie is right
     * and the header's length matches. A cheap test for demultiplexing; {@link #decode} checks the rest.
     */
    public static boolean isStunMessage(byte[] b, int off, int len) {
        return len >= HEADER_LENGTH && (b[off] & 0xC0) == 0 && Bytes.getInt(b, off + 4) == MAGIC_COOKIE
                && Bytes.getU16(b, off + 2) + HEADER_LENGTH == len;
    }

    /**
     * Decodes one message that fills {@code len} bytes exactly.
     *
     * @param b   the buffer; the message is copied, the buffer is not retained
     * @param off where the message starts
     * @param len the number of bytes (a whole datagram, or one framed message over TCP)
     * @throws StunException if the bytes are not a well-formed STUN message
     */
    public static StunMessage decode(byte[] b, int off, int len) throws StunException {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside a buffer of " + b.length);
        }
        checkHeader(b, off, len);
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        return index(copy);
    }

    /** Decodes the remaining bytes of {@code buffer}, which is left unchanged. */
    public static StunMessage decode(ByteBuffer buffer) throws StunException {
        if (buffer.hasArray()) {
            return decode(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        int len = buffer.remaining();
        byte[] copy = new byte[len];
        buffer.duplicate().get(copy);
        checkHeader(copy, 0, len);
        return index(copy);
    }

    /** Decodes an array that the caller hands over and will not touch again. */
    static StunMessage wrap(byte[] owned) throws StunException {
        checkHeader(owned, 0, owned.length);
        return index(owned);
    }

    private static void checkHeader(byte[] b, int off, int len) throws StunException {
        if (len < HEADER_LENGTH) {
            throw new StunException(StunException.Reason.TRUNCATED, len + " bytes, shorter than the 20-byte header");
        }
        if ((b[off] & 0xC0) != 0) {
            throw new StunException(StunException.Reason.NOT_STUN, String.format("first byte 0x%02x has its top bits set", b[off] & 0xFF));
        }
        int cookie = Bytes.getInt(b, off + 4);
        if (cookie != MAGIC_COOKIE) {
            throw new StunException(StunException.Reason.BAD_MAGIC_COOKIE, String.format("cookie 0x%08x (expected: 0x2112a442)", cookie));
        }
        int bodyLength = Bytes.getU16(b, off + 2);
        if ((bodyLength & 3) != 0) {
            throw new StunException(StunException.Reason.BAD_PADDING, "message length " + bodyLength + " is not a multiple of 4");
        }
        if (HEADER_LENGTH + bodyLength > len) {
            throw new StunException(StunException.Reason.TRUNCATED,
                    "header declares " + bodyLength + " bytes of attributes, " + (len - HEADER_LENGTH) + " present");
        }
        if (HEADER_LENGTH + bodyLength < len) {
            throw new StunException(StunException.Reason.BAD_LENGTH,
                    (len - HEADER_LENGTH - bodyLength) + " bytes follow the declared end of the message");
        }
    }

    private static StunMessage index(byte[] data) throws StunException {
        StunMessageType type = StunMessageType.decode(Bytes.getU16(data, 0));
        int end = data.length;
        int[] offsets = new int[8];
        int count = 0;
        long seen = 0;
        int integrity = ABSENT;
        int integritySha256 = ABSENT;
        int fingerprint = ABSENT;
        int pos = HEADER_LENGTH;
        while (pos < end) {
            if (fingerprint != ABSENT) {
                throw new StunException(StunException.Reason.ATTRIBUTE_AFTER_FINGERPRINT,
                        "attribute at offset " + pos + " follows FINGERPRINT");
            }
            if (end - pos < 4) {
                throw new StunException(StunException.Reason.ATTRIBUTE_OVERRUN, "attribute header at offset " + pos + " is cut short");
            }
            int code = Bytes.getU16(data, pos);
            int len = Bytes.getU16(data, pos + 2);
            if (pos + 4 + len > end) {
                throw new StunException(StunException.Reason.ATTRIBUTE_OVERRUN, String.format(
                        "attribute 0x%04x at offset %d declares %d bytes, %d remain", code, pos, len, end - pos - 4));
            }
            // Attributes start aligned and the body is a multiple of four, so the padding always fits.
            int next = pos + 4 + Bytes.pad4(len);
            StunAttributeType t = StunAttributeType.of(code);
            boolean ignored = (integritySha256 != ABSENT && !t.equals(StunAttributeType.FINGERPRINT))
                    || (integrity != ABSENT && !t.equals(StunAttributeType.FINGERPRINT)
                        && !t.equals(StunAttributeType.MESSAGE_INTEGRITY_SHA256));
            if (!ignored) {
                int slot = t.slot();
                if (slot >= 0) {
                    if ((seen & (1L << slot)) != 0) {
                        throw new StunException(StunException.Reason.DUPLICATE_ATTRIBUTE, t + " appears twice, again at offset " + pos);
                    }
                    seen |= 1L << slot;
                }
                AttributeCodec.validate(t, data, pos + 4, len);
                if (t.equals(StunAttributeType.MESSAGE_INTEGRITY)) {
                    integrity = pos;
                } else if (t.equals(StunAttributeType.MESSAGE_INTEGRITY_SHA256)) {
                    integritySha256 = pos;
                } else if (t.equals(StunAttributeType.FINGERPRINT)) {
                    fingerprint = pos;
                }
                if (count == offsets.length) {
                    offsets = Arrays.copyOf(offsets, count * 2);
                }
                offsets[count++] = pos;
            }
            pos = next;
        }
        return new StunMessage(data, type, offsets, count, integrity, integritySha256, fingerprint);
    }

    /** The message type. */
    public StunMessageType type() {
        return type;
    }

    /** The message class. */
    public StunClass messageClass() {
        return type.messageClass();
    }

    /** The method. */
    public StunMethod method() {
        return type.method();
    }

    /** The transaction id. */
    public TransactionId transactionId() {
        return TransactionId.read(data, 8);
    }

    /** Whether this message carries the given transaction id, without allocating. */
    public boolean hasTransactionId(TransactionId id) {
        return id.matches(data, 8);
    }

    /** The encoded length, header included. */
    public int length() {
        return data.length;
    }

    /** How many attributes the message holds (ignored ones after MESSAGE-INTEGRITY not counted). */
    public int attributeCount() {
        return attributeCount;
    }

    /** Every attribute in order, decoded. */
    public List<StunAttribute> attributes() {
        List<StunAttribute> out = new ArrayList<>(attributeCount);
        for (int i = 0; i < attributeCount; i++) {
            out.add(decodeAt(attributeOffsets[i]));
        }
        return Collections.unmodifiableList(out);
    }

    /** The types of the attributes, in order. */
    public List<StunAttributeType> attributeTypes() {
        List<StunAttributeType> out = new ArrayList<>(attributeCount);
        for (int i = 0; i < attributeCount; i++) {
            out.add(StunAttributeType.of(Bytes.getU16(data, attributeOffsets[i])));
        }
        return Collections.unmodifiableList(out);
    }

    /** The first attribute of a type. */
    public Optional<StunAttribute> attribute(StunAttributeType type) {
        int at = find(type);
        return at == ABSENT ? Optional.empty() : Optional.of(decodeAt(at));
    }

    /** Every attribute of a type, in order; for the repeatable ones such as XOR-PEER-ADDRESS. */
    public List<StunAttribute> attributes(StunAttributeType type) {
        List<StunAttribute> out = new ArrayList<>(1);
        for (int i = 0; i < attributeCount; i++) {
            if (Bytes.getU16(data, attributeOffsets[i]) == type.code()) {
                out.add(decodeAt(attributeOffsets[i]));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Whether an attribute of this type is present. */
    public boolean contains(StunAttributeType type) {
        return find(type) != ABSENT;
    }

    /** The text of a USERNAME, REALM, NONCE, SOFTWARE or ALTERNATE-DOMAIN attribute. */
    public Optional<String> text(StunAttributeType type) {
        return attribute(type).map(a -> ((StunAttribute.Text) a).value());
    }

    /** The value of a 32-bit attribute such as PRIORITY or LIFETIME. */
    public OptionalLong uint32(StunAttributeType type) {
        requireKind(type, StunAttributeType.Kind.UINT32);
        int at = find(type);
        return at == ABSENT ? OptionalLong.empty() : OptionalLong.of(Bytes.getInt(data, at + 4) & 0xFFFF_FFFFL);
    }

    /** The value of a 64-bit attribute: ICE-CONTROLLING or ICE-CONTROLLED. */
    public OptionalLong uint64(StunAttributeType type) {
        requireKind(type, StunAttributeType.Kind.UINT64);
        int at = find(type);
        return at == ABSENT ? OptionalLong.empty() : OptionalLong.of(Bytes.getLong(data, at + 4));
    }

    /** The address of an address attribute, un-XOR'd where the type is an XOR one. */
    public Optional<InetSocketAddress> address(StunAttributeType type) {
        return attribute(type).map(a -> ((StunAttribute.Address) a).address());
    }

    /** USERNAME. */
    public Optional<String> username() {
        return text(StunAttributeType.USERNAME);
    }

    /** REALM. */
    public Optional<String> realm() {
        return text(StunAttributeType.REALM);
    }

    /** NONCE. */
    public Optional<String> nonce() {
        return text(StunAttributeType.NONCE);
    }

    /** SOFTWARE. */
    public Optional<String> software() {
        return text(StunAttributeType.SOFTWARE);
    }

    /** PRIORITY (RFC 8445 §7.1.1). */
    public OptionalLong priority() {
        return uint32(StunAttributeType.PRIORITY);
    }

    /** Whether USE-CANDIDATE is present (RFC 8445 §7.1.2). */
    public boolean useCandidate() {
        return contains(StunAttributeType.USE_CANDIDATE);
    }

    /** The tie-breaker of ICE-CONTROLLING (RFC 8445 §7.1.3). */
    public OptionalLong iceControlling() {
        return uint64(StunAttributeType.ICE_CONTROLLING);
    }

    /** The tie-breaker of ICE-CONTROLLED (RFC 8445 §7.1.3). */
    public OptionalLong iceControlled() {
        return uint64(StunAttributeType.ICE_CONTROLLED);
    }

    /** XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from servers that send only that. */
    public Optional<InetSocketAddress> mappedAddress() {
        Optional<InetSocketAddress> xor = address(StunAttributeType.XOR_MAPPED_ADDRESS);
        return xor.isPresent() ? xor : address(StunAttributeType.MAPPED_ADDRESS);
    }

    /** ERROR-CODE. */
    public Optional<StunAttribute.ErrorCode> errorCode() {
        return attribute(StunAttributeType.ERROR_CODE).map(StunAttribute.ErrorCode.class::cast);
    }

    /**
     * The comprehension-required attribute types that rtc4j does not know, in order. A request with
     * any gets a 420 listing them; a response with any is a failed transaction (RFC 8489 §6.3.1, §6.3.3).
     */
    public List<StunAttributeType> unknownComprehensionRequired() {
        List<StunAttributeType> out = null;
        for (int i = 0; i < attributeCount; i++) {
            StunAttributeType t = StunAttributeType.of(Bytes.getU16(data, attributeOffsets[i]));
            if (!t.isKnown() && t.isComprehensionRequired()) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(t);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** Whether FINGERPRINT is present. */
    public boolean hasFingerprint() {
        return fingerprintOffset != ABSENT;
    }

    /** Whether MESSAGE-INTEGRITY is present. */
    public boolean hasMessageIntegrity() {
        return integrityOffset != ABSENT;
    }

    /** Whether MESSAGE-INTEGRITY-SHA256 is present. */
    public boolean hasMessageIntegritySha256() {
        return integritySha256Offset != ABSENT;
    }

    /** Whether FINGERPRINT is present and matches; computed over the message in place. */
    public boolean isFingerprintValid() {
        return fingerprintOffset != ABSENT
                && Fingerprint.compute(data, 0, fingerprintOffset) == Bytes.getInt(data, fingerprintOffset + 4);
    }

    /**
     * Whether the message carries integrity that verifies with {@code key}: MESSAGE-INTEGRITY-SHA256
     * when present (RFC 8489 §9.1.3 prefers it), else MESSAGE-INTEGRITY. Computed in place; the
     * comparison takes the same time wherever the values differ.
     */
    public boolean isIntegrityValid(StunKey key) {
        if (integritySha256Offset != ABSENT) {
            int len = Bytes.getU16(data, integritySha256Offset + 2);
            return key.verify(StunKey.Hmac.SHA256, data, 0, integritySha256Offset,
                    integritySha256Offset + 4 + len - HEADER_LENGTH, data, integritySha256Offset + 4, len);
        }
        if (integrityOffset != ABSENT) {
            return key.verify(StunKey.Hmac.SHA1, data, 0, integrityOffset,
                    integrityOffset + 24 - HEADER_LENGTH, data, integrityOffset + 4, 20);
        }
        return false;
    }

    /**
     * Checks FINGERPRINT if present and integrity with {@code key}, reporting what failed.
     *
     * @throws StunException {@code INTEGRITY_MISSING}, {@code INTEGRITY_MISMATCH} or {@code FINGERPRINT_MISMATCH}
     */
    public void verify(StunKey key) throws StunException {
        if (fingerprintOffset != ABSENT && !isFingerprintValid()) {
            throw new StunException(StunException.Reason.FINGERPRINT_MISMATCH, "FINGERPRINT does not match the message");
        }
        if (integrityOffset == ABSENT && integritySha256Offset == ABSENT) {
            throw new StunException(StunException.Reason.INTEGRITY_MISSING, "no MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256");
        }
        if (!isIntegrityValid(key)) {
            throw new StunException(StunException.Reason.INTEGRITY_MISMATCH,
                    (integritySha256Offset != ABSENT ? "MESSAGE-INTEGRITY-SHA256" : "MESSAGE-INTEGRITY") + " does not verify");
        }
    }

    /** A copy of the encoded message. */
    public byte[] toByteArray() {
        return data.clone();
    }

    /** Copies the encoded message to {@code out} at {@code off}; returns its length. */
    public int copyTo(byte[] out, int off) {
        System.arraycopy(data, 0, out, off, data.length);
        return data.length;
    }

    private int find(StunAttributeType type) {
        int code = type.code();
        for (int i = 0; i < attributeCount; i++) {
            if (Bytes.getU16(data, attributeOffsets[i]) == code) {
                return attributeOffsets[i];
            }
        }
        return ABSENT;
    }

    private StunAttribute decodeAt(int at) {
        StunAttributeType t = StunAttributeType.of(Bytes.getU16(data, at));
        return AttributeCodec.decode(t, data, at + 4, Bytes.getU16(data, at + 2), data, 0);
    }

    private static void requireKind(StunAttributeType type, StunAttributeType.Kind kind) {
        if (type.kind() != kind) {
            throw new IllegalArgumentException(type + " is not a " + kind + " attribute");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(type).append(" ").append(transactionId()).append(" [");
        List<StunAttributeType> types = attributeTypes();
        for (int i = 0; i < types.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(types.get(i));
        }
        return sb.append("]").toString();
    }
}
