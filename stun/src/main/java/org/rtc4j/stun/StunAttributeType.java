package org.rtc4j.stun;

import java.util.HashMap;
import java.util.Map;

/**
 * A STUN attribute type (RFC 8489 §14, §18.3), with what rtc4j knows about its value.
 *
 * <p>An open value class: {@link #of(int)} returns the registered constant for a known code point and
 * an unnamed instance for any other. Types below 0x8000 are comprehension-required: a receiver that
 * does not know one must reject a request carrying it with 420 (RFC 8489 §14).
 */
public final class StunAttributeType {
    /** How a known attribute's value is laid out; decides its {@link StunAttribute} record. */
    enum Kind {
        ADDRESS, XOR_ADDRESS, TEXT, UINT32, UINT64, FLAG, ERROR_CODE, UNKNOWN_ATTRIBUTES, CHANNEL_NUMBER,
        REQUESTED_TRANSPORT, ADDRESS_FAMILY, EVEN_PORT, PASSWORD_ALGORITHM, PASSWORD_ALGORITHMS,
        ADDRESS_ERROR_CODE, ICMP, OPAQUE
    }

    // Known types by code, in two dense tables (comprehension-required 0x0000~, optional 0x8000~) and a
    // short list for the rest, so that decoding looks a type up without boxing or hashing.
    private static final StunAttributeType[] LOW = new StunAttributeType[0x40];
    private static final StunAttributeType[] HIGH = new StunAttributeType[0x40];
    private static final Map<Integer, StunAttributeType> OTHER = new HashMap<>();
    private static int nextSlot;

    // RFC 8489 §14 and §18.3
    public static final StunAttributeType MAPPED_ADDRESS = known(0x0001, "MAPPED-ADDRESS", Kind.ADDRESS, 8, 20);
    public static final StunAttributeType USERNAME = known(0x0006, "USERNAME", Kind.TEXT, 0, 513);
    public static final StunAttributeType MESSAGE_INTEGRITY = known(0x0008, "MESSAGE-INTEGRITY", Kind.OPAQUE, 20, 20);
    public static final StunAttributeType ERROR_CODE = known(0x0009, "ERROR-CODE", Kind.ERROR_CODE, 4, 4 + 763);
    public static final StunAttributeType UNKNOWN_ATTRIBUTES = known(0x000A, "UNKNOWN-ATTRIBUTES", Kind.UNKNOWN_ATTRIBUTES, 0, 0xFFFF);
    public static final StunAttributeType REALM = known(0x0014, "REALM", Kind.TEXT, 0, 763);
    public static final StunAttributeType NONCE = known(0x0015, "NONCE", Kind.TEXT, 0, 763);
    public static final StunAttributeType MESSAGE_INTEGRITY_SHA256 = known(0x001C, "MESSAGE-INTEGRITY-SHA256", Kind.OPAQUE, 16, 32);
    public static final StunAttributeType PASSWORD_ALGORITHM = known(0x001D, "PASSWORD-ALGORITHM", Kind.PASSWORD_ALGORITHM, 4, 0xFFFF);
    public static final StunAttributeType USERHASH = known(0x001E, "USERHASH", Kind.OPAQUE, 32, 32);
    public static final StunAttributeType XOR_MAPPED_ADDRESS = known(0x0020, "XOR-MAPPED-ADDRESS", Kind.XOR_ADDRESS, 8, 20);
    public static final StunAttributeType PASSWORD_ALGORITHMS = known(0x8002, "PASSWORD-ALGORITHMS", Kind.PASSWORD_ALGORITHMS, 0, 0xFFFF);
    public static final StunAttributeType ALTERNATE_DOMAIN = known(0x8003, "ALTERNATE-DOMAIN", Kind.TEXT, 0, 255);
    public static final StunAttributeType SOFTWARE = known(0x8022, "SOFTWARE", Kind.TEXT, 0, 763);
    public static final StunAttributeType ALTERNATE_SERVER = known(0x8023, "ALTERNATE-SERVER", Kind.ADDRESS, 8, 20);
    public static final StunAttributeType FINGERPRINT = known(0x8028, "FINGERPRINT", Kind.UINT32, 4, 4);

    // RFC 8445 §16.1 (ICE)
    public static final StunAttributeType PRIORITY = known(0x0024, "PRIORITY", Kind.UINT32, 4, 4);
    public static final StunAttributeType USE_CANDIDATE = known(0x0025, "USE-CANDIDATE", Kind.FLAG, 0, 0);
    public static final StunAttributeType ICE_CONTROLLED = known(0x8029, "ICE-CONTROLLED", Kind.UINT64, 8, 8);
    public static final StunAttributeType ICE_CONTROLLING = known(0x802A, "ICE-CONTROLLING", Kind.UINT64, 8, 8);

    // RFC 8656 §18 (TURN)
    public static final StunAttributeType CHANNEL_NUMBER = known(0x000C, "CHANNEL-NUMBER", Kind.CHANNEL_NUMBER, 4, 4);
    public static final StunAttributeType LIFETIME = known(0x000D, "LIFETIME", Kind.UINT32, 4, 4);
    public static final StunAttributeType XOR_PEER_ADDRESS = repeatable(0x0012, "XOR-PEER-ADDRESS", Kind.XOR_ADDRESS, 8, 20);
    public static final StunAttributeType DATA = known(0x0013, "DATA", Kind.OPAQUE, 0, 0xFFFF);
    public static final StunAttributeType XOR_RELAYED_ADDRESS = repeatable(0x0016, "XOR-RELAYED-ADDRESS", Kind.XOR_ADDRESS, 8, 20);
    public static final StunAttributeType REQUESTED_ADDRESS_FAMILY = known(0x0017, "REQUESTED-ADDRESS-FAMILY", Kind.ADDRESS_FAMILY, 4, 4);
    public static final StunAttributeType EVEN_PORT = known(0x0018, "EVEN-PORT", Kind.EVEN_PORT, 1, 1);
    public static final StunAttributeType REQUESTED_TRANSPORT = known(0x0019, "REQUESTED-TRANSPORT", Kind.REQUESTED_TRANSPORT, 4, 4);
    public static final StunAttributeType DONT_FRAGMENT = known(0x001A, "DONT-FRAGMENT", Kind.FLAG, 0, 0);
    public static final StunAttributeType RESERVATION_TOKEN = known(0x0022, "RESERVATION-TOKEN", Kind.OPAQUE, 8, 8);
    public static final StunAttributeType ADDITIONAL_ADDRESS_FAMILY = known(0x8000, "ADDITIONAL-ADDRESS-FAMILY", Kind.ADDRESS_FAMILY, 4, 4);
    public static final StunAttributeType ADDRESS_ERROR_CODE = known(0x8001, "ADDRESS-ERROR-CODE", Kind.ADDRESS_ERROR_CODE, 4, 4 + 763);
    public static final StunAttributeType ICMP = known(0x8004, "ICMP", Kind.ICMP, 8, 8);
    /** CONNECTION-ID of TURN over TCP (RFC 6062 §6.2.1). */
    public static final StunAttributeType CONNECTION_ID = known(0x002A, "CONNECTION-ID", Kind.UINT32, 4, 4);

    // RFC 5780 (NAT behaviour discovery), which STUN servers commonly answer with
    public static final StunAttributeType CHANGE_REQUEST = known(0x0003, "CHANGE-REQUEST", Kind.UINT32, 4, 4);
    public static final StunAttributeType RESPONSE_ORIGIN = known(0x802B, "RESPONSE-ORIGIN", Kind.ADDRESS, 8, 20);
    public static final StunAttributeType OTHER_ADDRESS = known(0x802C, "OTHER-ADDRESS", Kind.ADDRESS, 8, 20);

    /** Chromium's network id and cost, sent on ICE checks; kept as opaque bytes. */
    public static final StunAttributeType GOOG_NETWORK_INFO = known(0xC057, "GOOG-NETWORK-INFO", Kind.OPAQUE, 0, 0xFFFF);

    /** How many known types have a duplicate-detection slot; see {@link #slot()}. */
    static final int SLOTS = nextSlot;

    private final int code;
    private final String name;
    private final Kind kind;
    private final int minLength;
    private final int maxLength;
    private final boolean repeatable;
    private final int slot;

    private StunAttributeType(int code, String name, Kind kind, int minLength, int maxLength, boolean repeatable, int slot) {
        this.code = code;
        this.name = name;
        this.kind = kind;
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.repeatable = repeatable;
        this.slot = slot;
    }

    private static StunAttributeType known(int code, String name, Kind kind, int minLength, int maxLength) {
        return register(new StunAttributeType(code, name, kind, minLength, maxLength, false, nextSlot++));
    }

    private static StunAttributeType repeatable(int code, String name, Kind kind, int minLength, int maxLength) {
        return register(new StunAttributeType(code, name, kind, minLength, maxLength, true, -1));
    }

    private static StunAttributeType register(StunAttributeType t) {
        if (t.code < LOW.length) {
            LOW[t.code] = t;
        } else if (t.code >= 0x8000 && t.code < 0x8000 + HIGH.length) {
            HIGH[t.code - 0x8000] = t;
        } else {
            OTHER.put(t.code, t);
        }
        return t;
    }

    /**
     * Returns the attribute type with this code.
     *
     * @param code the type number (expected: 0 ~ 0xFFFF)
     */
    public static StunAttributeType of(int code) {
        StunAttributeType t = code >= 0 && code < LOW.length ? LOW[code]
                : code >= 0x8000 && code < 0x8000 + HIGH.length ? HIGH[code - 0x8000]
                : OTHER.get(code);
        if (t != null) {
            return t;
        }
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("attribute type " + code + " (expected: 0 ~ 65535)");
        }
        return new StunAttributeType(code, null, Kind.OPAQUE, 0, 0xFFFF, true, -1);
    }

    /** The type number. */
    public int code() {
        return code;
    }

    /** Whether rtc4j knows this attribute. */
    public boolean isKnown() {
        return name != null;
    }

    /** Whether a receiver that does not know this type must reject the message (code below 0x8000). */
    public boolean isComprehensionRequired() {
        return code < 0x8000;
    }

    /** Whether the RFC allows this attribute more than once in a message. */
    public boolean isRepeatable() {
        return repeatable;
    }

    Kind kind() {
        return kind;
    }

    int minLength() {
        return minLength;
    }

    int maxLength() {
        return maxLength;
    }

    /** A small index for known non-repeatable types, used to detect duplicates; -1 otherwise. */
    int slot() {
        return slot;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunAttributeType t && t.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name != null ? name : String.format("0x%04X", code);
    }
}
