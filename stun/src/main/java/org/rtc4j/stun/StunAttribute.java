package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A decoded STUN attribute: an immutable value whose record type follows from the layout of its
 * {@link StunAttributeType} (RFC 8489 §14, RFC 8445 §16.1, RFC 8656 §18).
 *
 * <p>Byte-array components are copied in and out, so a value never shares memory with a message.
 * The static factories build the attributes that rtc4j sends.
 */
public sealed interface StunAttribute {
    /** The attribute type. */
    StunAttributeType type();

    /** MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS, ALTERNATE-SERVER and the like. */
    record Address(StunAttributeType type, InetSocketAddress address) implements StunAttribute {
        public Address {
            requireKind(type, StunAttributeType.Kind.ADDRESS, StunAttributeType.Kind.XOR_ADDRESS);
            if (address == null || address.isUnresolved()) {
                throw new IllegalArgumentException("a resolved socket address is required, got " + address);
            }
        }
    }

    /** USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN: UTF-8 text. */
    record Text(StunAttributeType type, String value) implements StunAttribute {
        public Text {
            requireKind(type, StunAttributeType.Kind.TEXT);
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > type.maxLength()) {
                throw new IllegalArgumentException(type + " of " + bytes + " bytes (expected: 0 ~ " + type.maxLength() + ")");
            }
        }
    }

    /** PRIORITY, LIFETIME, FINGERPRINT, CHANGE-REQUEST, CONNECTION-ID: an unsigned 32-bit number. */
    record Uint32(StunAttributeType type, long value) implements StunAttribute {
        public Uint32 {
            requireKind(type, StunAttributeType.Kind.UINT32);
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(type + " " + value + " (expected: 0 ~ 4294967295)");
            }
        }
    }

    /** ICE-CONTROLLED and ICE-CONTROLLING: a 64-bit tie-breaker, compared as unsigned. */
    record Uint64(StunAttributeType type, long value) implements StunAttribute {
        public Uint64 {
            requireKind(type, StunAttributeType.Kind.UINT64);
        }
    }

    /** USE-CANDIDATE, DONT-FRAGMENT: present or absent, no value. */
    record Flag(StunAttributeType type) implements StunAttribute {
        public Flag {
            requireKind(type, StunAttributeType.Kind.FLAG);
        }
    }

    /**
     * ERROR-CODE (RFC 8489 §14.8).
     *
     * @param code   the error code (expected: 300 ~ 699)
     * @param reason the reason phrase
     */
    record ErrorCode(int code, String reason) implements StunAttribute {
        public ErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("error code " + code + " (expected: 300 ~ 699)");
            }
            if (reason.getBytes(StandardCharsets.UTF_8).length > 763) {
                throw new IllegalArgumentException("reason phrase longer than 763 bytes");
            }
        }

        /** The error with the standard reason phrase of {@link StunErrorCodes}. */
        public static ErrorCode of(int code) {
            return new ErrorCode(code, StunErrorCodes.reasonPhrase(code));
        }

        @Override
        public StunAttributeType type() {
            return StunAttributeType.ERROR_CODE;
        }
    }

    /** UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): the comprehension-required types a server did not know. */
    record UnknownAttributes(List<StunAttributeType> types) implements StunAttribute {
        public UnknownAttributes {
            types = List.copyOf(types);
        }

        @Override
        public StunAttributeType type() {
            return StunAttributeType.UNKNOWN_ATTRIBUTES;
        }
    }

    /** CHANNEL-NUMBER (RFC 8656 §18.1). */
    record ChannelNumber(int channel) implements StunAttribute {
        public ChannelNumber {
            if (channel < 0 || channel > 0xFFFF) {
                throw new IllegalArgumentException("channel " + channel + " (expected: 0 ~ 65535)");
            }
        }

        @Override
        public StunAttributeType type() {
            return StunAttributeType.CHANNEL_NUMBER;
        }
    }

    /** REQUESTED-TRANSPORT (RFC 8656 §18.11): an IP protocol number, 17 for UDP. */
    record RequestedTransport(int protocol) implements StunAttribute {
        /** The protocol number of UDP, the only one RFC 8656 defines. */
        public static final int UDP = 17;

        public RequestedTransport {
            if (protocol < 0 || protocol > 0xFF) {
                throw new IllegalArgumentException("protocol " + protocol + " (expected: 0 ~ 255)");
            }
        }

        @Override
        public StunAttributeType type() {
            return StunAttributeType.REQUESTED_TRANSPORT;
        }
    }

    /**
     * REQUESTED-ADDRESS-FAMILY and ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.8, §18.12).
     *
     * @param family 0x01 for IPv4, 0x02 for IPv6
     */
    record AddressFamily(StunAttributeType type, int family) implements StunAttribute {
        public AddressFamily {
            requireKind(type, StunAttributeType.Kind.ADDRESS_FAMILY);
            if (family < 0 || family > 0xFF) {
                throw new IllegalArgumentException("family " + family + " (expected: 0 ~ 255)");
            }
        }
    }

    /** EVEN-PORT (RFC 8656 §18.9) with its R bit. */
    record EvenPort(boolean reserveNext) implements StunAttribute {
        @Override
        public StunAttributeType type() {
            return StunAttributeType.EVEN_PORT;
        }
    }

    /** PASSWORD-ALGORITHM (RFC 8489 §14.12): the algorithm the client chose. */
    record PasswordAlgorithmChoice(PasswordAlgorithm algorithm) implements StunAttribute {
        @Override
        public StunAttributeType type() {
            return StunAttributeType.PASSWORD_ALGORITHM;
        }
    }

    /** PASSWORD-ALGORITHMS (RFC 8489 §14.11): the algorithms a server offers, in its order of preference. */
    record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements StunAttribute {
        public PasswordAlgorithms {
            algorithms = List.copyOf(algorithms);
        }

        @Override
        public StunAttributeType type() {
            return StunAttributeType.PASSWORD_ALGORITHMS;
        }
    }

    /** ADDRESS-ERROR-CODE (RFC 8656 §18.13). */
    record AddressErrorCode(int family, int code, String reason) implements StunAttribute {
        public AddressErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("error code " + code + " (expected: 300 ~ 699)");
            }
        }

        @Override
        public StunAttributeType type() {
            return StunAttributeType.ADDRESS_ERROR_CODE;
        }
    }

    /** ICMP (RFC 8656 §18.14): an ICMP type, code and error data relayed by a TURN server. */
    record Icmp(int icmpType, int icmpCode, int errorData) implements StunAttribute {
        @Override
        public StunAttributeType type() {
            return StunAttributeType.ICMP;
        }
    }

    /**
     * Any attribute kept as bytes: DATA, USERHASH, RESERVATION-TOKEN, MESSAGE-INTEGRITY,
     * GOOG-NETWORK-INFO, and every type rtc4j does not know.
     */
    record Opaque(StunAttributeType type, byte[] value) implements StunAttribute {
        public Opaque {
            if (type.kind() != StunAttributeType.Kind.OPAQUE) {
                throw new IllegalArgumentException(type + " is not an opaque attribute");
            }
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException(type + " of " + value.length + " bytes (expected: 0 ~ 65535)");
            }
            value = value.clone();
        }

        /** A copy of the value. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && other.type.equals(type) && Arrays.equals(other.value, value);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return type + "[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    // Factories for what rtc4j sends.

    static Text username(String username) {
        return new Text(StunAttributeType.USERNAME, username);
    }

    static Text realm(String realm) {
        return new Text(StunAttributeType.REALM, realm);
    }

    static Text nonce(String nonce) {
        return new Text(StunAttributeType.NONCE, nonce);
    }

    static Text software(String software) {
        return new Text(StunAttributeType.SOFTWARE, software);
    }

    static Uint32 priority(long priority) {
        return new Uint32(StunAttributeType.PRIORITY, priority);
    }

    static Uint32 lifetime(long seconds) {
        return new Uint32(StunAttributeType.LIFETIME, seconds);
    }

    static Uint64 iceControlling(long tieBreaker) {
        return new Uint64(StunAttributeType.ICE_CONTROLLING, tieBreaker);
    }

    static Uint64 iceControlled(long tieBreaker) {
        return new Uint64(StunAttributeType.ICE_CONTROLLED, tieBreaker);
    }

    static Flag useCandidate() {
        return new Flag(StunAttributeType.USE_CANDIDATE);
    }

    static Flag dontFragment() {
        return new Flag(StunAttributeType.DONT_FRAGMENT);
    }

    static Address xorMappedAddress(InetSocketAddress address) {
        return new Address(StunAttributeType.XOR_MAPPED_ADDRESS, address);
    }

    static Address xorPeerAddress(InetSocketAddress address) {
        return new Address(StunAttributeType.XOR_PEER_ADDRESS, address);
    }

    static Address xorRelayedAddress(InetSocketAddress address) {
        return new Address(StunAttributeType.XOR_RELAYED_ADDRESS, address);
    }

    static Address mappedAddress(InetSocketAddress address) {
        return new Address(StunAttributeType.MAPPED_ADDRESS, address);
    }

    static Opaque data(byte[] data) {
        return new Opaque(StunAttributeType.DATA, data);
    }

    private static void requireKind(StunAttributeType type, StunAttributeType.Kind... kinds) {
        for (StunAttributeType.Kind k : kinds) {
            if (type.kind() == k) {
                return;
            }
        }
        throw new IllegalArgumentException(type + " does not hold a value of this shape (expected one of " + Arrays.toString(kinds) + ")");
    }
}
