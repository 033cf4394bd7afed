package org.rtc4j.stun;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzz tests (Jazzer) of everything that reads bytes from the network: the STUN
 * decoder with every accessor of a decoded message, and ChannelData with the RFC 7983 classifier
 * and TCP stream framing.
 *
 * <p>The contract under test: hostile bytes get a {@link StunException} and nothing else, and a
 * message that decodes can be read, verified, answered and re-encoded without any exception.
 *
 * <p>A plain {@code mvn test} runs each method once per file in
 * {@code src/test/resources/org/rtc4j/stun/StunDecoderFuzzTestInputs/<method>/}: RFC 5769 vectors,
 * messages from {@link StunMessageBuilder}, and any {@code crash-*} file an earlier fuzzing run left
 * there. To fuzz one method for its {@code maxDuration} (60 s):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl stun test -Dtest='StunDecoderFuzzTest#decodeStunMessage'
 * JAZZER_FUZZ=1 mvn -pl stun test -Dtest='StunDecoderFuzzTest#decodeChannelDataAndClassify'
 * </pre>
 *
 * Jazzer fuzzes one method per JVM (name it: with the class alone it fuzzes whichever JUnit reaches
 * first and skips the other); {@code JAZZER_MAX_DURATION=10m} overrides the duration. The corpus it
 * grows goes to {@code stun/.cifuzz-corpus/} (git-ignored); an input that fails is written as
 * {@code crash-<sha1>} into the inputs directory above, where every later run replays it.
 */
class StunDecoderFuzzTest {
    private static final StunKey SHORT_TERM = StunKey.shortTerm(Rfc5769Vectors.SHORT_TERM_PASSWORD);
    private static final StunKey LONG_TERM_MD5 = StunKey.longTerm(Rfc5769Vectors.LONG_TERM_USERNAME,
            Rfc5769Vectors.LONG_TERM_REALM, Rfc5769Vectors.LONG_TERM_PASSWORD, PasswordAlgorithm.MD5);
    private static final StunKey LONG_TERM_SHA256 = StunKey.longTerm(Rfc5769Vectors.LONG_TERM_USERNAME,
            Rfc5769Vectors.LONG_TERM_REALM, "TheMatrIX", PasswordAlgorithm.SHA_256);
    private static final StunKey[] KEYS = {SHORT_TERM, LONG_TERM_MD5, LONG_TERM_SHA256};

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000);
    /** A server that offers both algorithms and accepts USERHASH, so that every check is reachable. */
    private static final LongTermAuthenticator AUTHENTICATOR = new LongTermAuthenticator(Rfc5769Vectors.LONG_TERM_REALM,
            CredentialStore.of(Map.of(Rfc5769Vectors.LONG_TERM_USERNAME, Rfc5769Vectors.LONG_TERM_PASSWORD)),
            new byte[16], Duration.ofMinutes(10), List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5), true);

    /** Reused: a fuzz test runs on one thread, and allocating direct memory each time is slow. */
    private static final ByteBuffer DIRECT = ByteBuffer.allocateDirect(StunMessage.MAX_LENGTH + 1);

    /** Every attribute type rtc4j knows: the public constants of {@link StunAttributeType}. */
    private static final List<StunAttributeType> KNOWN_TYPES = knownTypes();

    /**
     * Decodes the input, then its {@linkplain #wellFramed well-framed form} if that differs: random
     * mutations rarely keep the header and attribute lengths consistent, so without this second
     * pass the fuzzer seldom gets past the framing checks into the attribute values.
     */
    @FuzzTest(maxDuration = "60s")
    void decodeStunMessage(byte[] input) {
        decodeOne(input);
        byte[] framed = wellFramed(input);
        if (framed == null || Arrays.equals(framed, input)) {
            return;
        }
        try {
            StunMessage m = StunMessage.decode(framed, 0, framed.length);
            readEverything(m, framed);
        } catch (StunException e) {
            check(e.reason() == StunException.Reason.BAD_ATTRIBUTE_VALUE
                    || e.reason() == StunException.Reason.DUPLICATE_ATTRIBUTE
                    || e.reason() == StunException.Reason.ATTRIBUTE_AFTER_FINGERPRINT,
                    () -> "a well-framed message failed with " + e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the well-framed form of the input fails; it is "
                    + HexFormat.of().formatHex(framed) + "\n" + e, e);
        }
    }

    /**
     * Classifies the bytes as a datagram sharing a 5-tuple (RFC 7983), decodes them as a UDP
     * ChannelData message, then frames them as a TCP stream of STUN messages and ChannelData.
     */
    @FuzzTest(maxDuration = "60s")
    void decodeChannelDataAndClassify(byte[] input) {
        int len = input.length;
        PacketClassifier.Kind kind = PacketClassifier.classify(input, 0, len);
        check(kind == expectedKind(input, len), () -> "classify gave " + kind);
        if (len > 0) {
            check(PacketClassifier.classify(input, 0, 0) == PacketClassifier.Kind.UNKNOWN, () -> "empty datagram not UNKNOWN");
            check(PacketClassifier.classify(input, 1, len - 1) == expectedKind(Arrays.copyOfRange(input, 1, len), len - 1),
                    () -> "classify at an offset");
        }
        if (StunMessage.isStunMessage(input, 0, len) && (input[0] & 0xFF) <= 3) {
            // Methods from 0x100 up make the first byte 4 ~ 63: valid STUN, yet DTLS or ZRTP by RFC 7983.
            check(kind == PacketClassifier.Kind.STUN, () -> "a STUN message classified as " + kind);
        }

        // One datagram as ChannelData, as a TURN client or server receives it over UDP.
        try {
            int dataLength = ChannelData.check(input, 0, len);
            check(kind == PacketClassifier.Kind.TURN_CHANNEL, () -> "valid ChannelData classified as " + kind);
            check(dataLength >= 0 && ChannelData.HEADER_LENGTH + dataLength <= len, () -> "check returned " + dataLength);
            ChannelData cd = ChannelData.decode(input, 0, len);
            check(cd.channel() == ChannelData.channelAt(input, 0), () -> "channel differs from channelAt");
            check(ChannelData.isValidChannel(cd.channel()), () -> "decoded an invalid channel");
            check(Arrays.equals(cd.data(), Arrays.copyOfRange(input, 4, 4 + dataLength)), () -> "data differs from the frame");
            byte[] unpadded = cd.encode(false);
            check(Arrays.equals(unpadded, Arrays.copyOf(input, 4 + dataLength)),
                    () -> "re-encoding differs from the input");
            byte[] padded = cd.encode(true);
            check(padded.length % 4 == 0 && ChannelData.decode(padded, 0, padded.length).equals(cd),
                    () -> "padded round trip");
            byte[] shifted = new byte[padded.length + 3];
            check(ChannelData.encode(cd.channel(), input, 4, dataLength, shifted, 3, true) == padded.length,
                    () -> "encode in place returned another length");
            check(ChannelData.decode(shifted, 3, padded.length).equals(cd), () -> "round trip at an offset");
            check(cd.toString() != null && cd.hashCode() == new ChannelData(cd.channel(), cd.data()).hashCode(),
                    () -> "hashCode");
        } catch (StunException e) {
            check(e.reason() != null, () -> "StunException without a reason");
        }

        // The bytes as a TCP or TLS stream of STUN messages and padded ChannelData frames.
        int off = 0;
        while (off < len) {
            int frame;
            try {
                frame = PacketClassifier.streamFrameLength(input, off, len - off);
            } catch (StunException e) {
                check(e.reason() == StunException.Reason.WRONG_PROTOCOL, () -> "streamFrameLength threw " + e.reason());
                break;
            }
            if (frame == -1) {
                break;
            }
            int at = off;
            check(frame >= ChannelData.HEADER_LENGTH && frame <= len - at, () -> "frame length " + frame + " at " + at);
            try {
                if ((input[off] & 0xFF) <= 3) {
                    readEverything(StunMessage.decode(input, off, frame), Arrays.copyOfRange(input, off, off + frame));
                } else {
                    ChannelData.decode(input, off, frame);
                }
            } catch (StunException e) {
                check(e.reason() != null, () -> "StunException without a reason");
            }
            off += frame;
        }
    }

    /** Decodes the bytes as they are; checks the outcome is the same elsewhere and everything reads. */
    private static void decodeOne(byte[] input) {
        StunMessage m;
        try {
            m = StunMessage.decode(input, 0, input.length);
        } catch (StunException e) {
            check(e.reason() != null && e.getMessage() != null, () -> "StunException without a reason or message");
            checkSameOutcomeElsewhere(input, e.reason());
            return;
        }
        check(StunMessage.isStunMessage(input, 0, input.length), () -> "decoded, yet isStunMessage is false");
        checkSameOutcomeElsewhere(input, null);
        readEverything(m, input);
    }

    /**
     * The input made into a well-framed STUN message: top bits cleared, the magic cookie in place,
     * each attribute's length clamped to the bytes that remain, padding zeroed, and the header's
     * length set to match. Unchanged for a valid message whose padding is zero; null below 20 bytes.
     */
    static byte[] wellFramed(byte[] in) {
        if (in.length < StunMessage.HEADER_LENGTH) {
            return null;
        }
        byte[] out = new byte[Math.min(StunMessage.MAX_LENGTH, in.length + 3 * (in.length / 4 + 1))];
        System.arraycopy(in, 0, out, 0, StunMessage.HEADER_LENGTH);
        out[0] &= 0x3F;
        Bytes.putInt(out, 4, StunMessage.MAGIC_COOKIE);
        int pos = StunMessage.HEADER_LENGTH;
        int end = StunMessage.HEADER_LENGTH;
        while (in.length - pos >= 4) {
            int len = Math.min(Bytes.getU16(in, pos + 2), in.length - pos - 4);
            if (end + 4 + Bytes.pad4(len) > out.length) {
                break;
            }
            Bytes.putU16(out, end, Bytes.getU16(in, pos));
            Bytes.putU16(out, end + 2, len);
            System.arraycopy(in, pos + 4, out, end + 4, len);
            end += 4 + Bytes.pad4(len);
            pos += 4 + Math.min(Bytes.pad4(len), in.length - pos - 4);
        }
        Bytes.putU16(out, 2, end - StunMessage.HEADER_LENGTH);
        return Arrays.copyOf(out, end);
    }

    /** The RFC 7983 / RFC 9443 first-byte rule, written independently of {@link PacketClassifier}. */
    private static PacketClassifier.Kind expectedKind(byte[] b, int len) {
        if (len == 0) {
            return PacketClassifier.Kind.UNKNOWN;
        }
        int first = b[0] & 0xFF;
        if (first < 4) {
            return PacketClassifier.Kind.STUN;
        } else if (first >= 16 && first < 20) {
            return PacketClassifier.Kind.ZRTP;
        } else if (first >= 20 && first < 64) {
            return PacketClassifier.Kind.DTLS;
        } else if (first >= 64 && first < 80) {
            return PacketClassifier.Kind.TURN_CHANNEL;
        } else if (first >= 128 && first < 192) {
            if (len < 2) {
                return PacketClassifier.Kind.UNKNOWN;
            }
            int pt = b[1] & 0x7F;
            return pt >= 64 && pt < 96 ? PacketClassifier.Kind.RTCP : PacketClassifier.Kind.RTP;
        }
        return PacketClassifier.Kind.UNKNOWN;
    }

    /**
     * The same bytes decode the same way at an offset inside a larger array and from a direct
     * {@link ByteBuffer}; {@code reason} is null when the message decodes.
     */
    private static void checkSameOutcomeElsewhere(byte[] input, StunException.Reason reason) {
        byte[] padded = new byte[input.length + 7];
        System.arraycopy(input, 0, padded, 5, input.length);
        padded[0] = 0x01; // garbage before and after the message
        padded[padded.length - 1] = 0x7F;
        ByteBuffer direct = input.length < DIRECT.capacity()
                ? DIRECT.clear() : ByteBuffer.allocateDirect(input.length + 1);
        direct.put((byte) 0).put(input).flip().position(1);
        StunException.Reason atOffset = outcome(() -> StunMessage.decode(padded, 5, input.length), input);
        StunException.Reason fromBuffer = outcome(() -> StunMessage.decode(direct), input);
        check(atOffset == reason, () -> "at an offset: " + atOffset + " (expected: " + reason + ")");
        check(fromBuffer == reason, () -> "from a direct ByteBuffer: " + fromBuffer + " (expected: " + reason + ")");
        check(direct.position() == 1, () -> "decode(ByteBuffer) moved the buffer");
    }

    /** A way to decode that may fail. */
    private interface Decoding {
        StunMessage decode() throws StunException;
    }

    /** Null if the decoding succeeds, with the bytes of {@code expected}; else why it failed. */
    private static StunException.Reason outcome(Decoding decoding, byte[] expected) {
        try {
            StunMessage m = decoding.decode();
            check(Arrays.equals(m.toByteArray(), expected), () -> "decoded bytes differ from the input");
            return null;
        } catch (StunException e) {
            return e.reason();
        }
    }

    /** Calls every accessor of a decoded message and checks that they agree with each other. */
    private static void readEverything(StunMessage m, byte[] input) {
        // Header.
        StunMessageType type = m.type();
        check(type.encode() == Bytes.getU16(input, 0), () -> "type " + type + " re-encodes to another value");
        check(type.messageClass() == m.messageClass() && type.method().equals(m.method()), () -> "class or method");
        check(type.toString() != null && m.method().toString() != null, () -> "type toString");
        TransactionId id = m.transactionId();
        check(id.equals(TransactionId.read(input, 8)) && m.hasTransactionId(id), () -> "transaction id");
        check(id.toString().length() == 24, () -> "transaction id toString");
        check(m.length() == input.length && Arrays.equals(m.toByteArray(), input), () -> "bytes differ from the input");
        byte[] copy = new byte[input.length + 1];
        check(m.copyTo(copy, 1) == input.length && Arrays.equals(copy, 1, copy.length, input, 0, input.length),
                () -> "copyTo");

        // Attributes, all at once and by type.
        List<StunAttribute> attributes = m.attributes();
        List<StunAttributeType> types = m.attributeTypes();
        check(attributes.size() == m.attributeCount() && types.size() == m.attributeCount(), () -> "attribute counts differ");
        Map<StunAttributeType, Integer> counts = new HashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            StunAttribute a = attributes.get(i);
            StunAttributeType listed = types.get(i);
            check(a.type().equals(listed), () -> "attribute " + a + " is listed as " + listed);
            if (counts.merge(a.type(), 1, Integer::sum) == 1) {
                check(a.toString() != null && a.equals(a) && a.hashCode() == a.hashCode(), () -> "attribute toString/equals");
                check(m.attribute(a.type()).orElseThrow().equals(a), () -> "attribute(" + a.type() + ") is not the first");
            }
        }
        // Once per distinct type: a message of many repeated unknown attributes would be quadratic.
        for (Map.Entry<StunAttributeType, Integer> e : counts.entrySet()) {
            check(m.contains(e.getKey()), () -> "contains " + e.getKey());
            check(m.attributes(e.getKey()).size() == e.getValue(), () -> "attributes(" + e.getKey() + ")");
            check(e.getValue() == 1 || e.getKey().isRepeatable(), () -> e.getKey() + " appears " + e.getValue() + " times");
        }
        for (StunAttributeType t : KNOWN_TYPES) {
            Optional<StunAttribute> first = m.attribute(t);
            check(first.isPresent() == counts.containsKey(t), () -> "attribute(" + t + ")");
            switch (t.kind()) {
                case TEXT -> check(m.text(t).isPresent() == first.isPresent(), () -> "text " + t);
                case UINT32 -> check(m.uint32(t).isPresent() == first.isPresent(), () -> "uint32 " + t);
                case UINT64 -> check(m.uint64(t).isPresent() == first.isPresent(), () -> "uint64 " + t);
                case ADDRESS, XOR_ADDRESS -> check(m.address(t).isPresent() == first.isPresent(), () -> "address " + t);
                default -> {
                }
            }
        }
        m.username();
        m.realm();
        m.nonce();
        m.software();
        m.priority();
        m.useCandidate();
        m.iceControlling();
        m.iceControlled();
        Optional<InetSocketAddress> mapped = m.mappedAddress();
        check(mapped.isEmpty() || (!mapped.get().isUnresolved() && mapped.get().getPort() <= 0xFFFF),
                () -> "mapped address");
        m.errorCode().ifPresent(e -> check(e.code() >= 300 && e.code() <= 699, () -> "error code " + e.code()));
        for (StunAttributeType t : m.unknownComprehensionRequired()) {
            check(!t.isKnown() && t.isComprehensionRequired() && counts.containsKey(t),
                    () -> "unknown comprehension-required " + t);
        }

        // Integrity and FINGERPRINT, computed in place.
        check(m.hasFingerprint() == counts.containsKey(StunAttributeType.FINGERPRINT), () -> "hasFingerprint");
        check(m.hasMessageIntegrity() == counts.containsKey(StunAttributeType.MESSAGE_INTEGRITY), () -> "hasMessageIntegrity");
        check(m.hasMessageIntegritySha256() == counts.containsKey(StunAttributeType.MESSAGE_INTEGRITY_SHA256),
                () -> "hasMessageIntegritySha256");
        boolean fingerprintValid = m.isFingerprintValid();
        check(!fingerprintValid || m.hasFingerprint(), () -> "a valid FINGERPRINT that is absent");
        for (StunKey key : KEYS) {
            boolean valid = m.isIntegrityValid(key);
            check(!valid || m.hasMessageIntegrity() || m.hasMessageIntegritySha256(), () -> "valid integrity that is absent");
            try {
                m.verify(key);
                check(valid && (fingerprintValid || !m.hasFingerprint()), () -> "verify passed, isIntegrityValid false");
            } catch (StunException e) {
                check(e.reason() == StunException.Reason.FINGERPRINT_MISMATCH
                        || e.reason() == StunException.Reason.INTEGRITY_MISSING
                        || e.reason() == StunException.Reason.INTEGRITY_MISMATCH, () -> "verify threw " + e.reason());
            }
        }
        check(m.toString() != null, () -> "toString");

        // A decoded message can be answered, as the server does, including 420 with UNKNOWN-ATTRIBUTES.
        StunMessage ok = StunMessageBuilder.responseTo(m, StunClass.SUCCESS_RESPONSE).fingerprint().build();
        check(ok.hasTransactionId(id) && ok.method().equals(m.method()) && ok.isFingerprintValid(), () -> "response");
        StunMessageBuilder.errorResponseTo(m, StunErrorCodes.UNKNOWN_ATTRIBUTE)
                .add(new StunAttribute.UnknownAttributes(m.unknownComprehensionRequired()))
                .messageIntegrity(SHORT_TERM).build();

        // The module's consumers of decoded messages: the client side of long-term auth learns from
        // any 401 or 438 (they are not signed), and the server answers any request.
        LongTermCredential credential = new LongTermCredential(Rfc5769Vectors.LONG_TERM_USERNAME, "pass");
        if (credential.handleChallenge(m)) {
            StunMessage signed = credential.sign(StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, id)).build();
            check(signed.isIntegrityValid(credential.key().orElseThrow()), () -> "signed request does not verify");
        }
        StunServer server = new StunServer("rtc4j", AUTHENTICATOR, 4);
        server.handleReceive(NOW, new Datagram(CLIENT, null, input));
        for (Optional<Transmit> t = server.pollTransmit(); t.isPresent(); t = server.pollTransmit()) {
            byte[] response = t.get().data();
            try {
                StunMessage.decode(response, 0, response.length);
            } catch (StunException e) {
                throw new AssertionError("the server sent a response it cannot decode: " + e.getMessage(), e);
            }
        }

        // What was decoded re-encodes, and decodes again to the same values.
        StunMessageBuilder again = StunMessageBuilder.of(type, id);
        List<StunAttribute> plain = new ArrayList<>(attributes.size());
        for (StunAttribute a : attributes) {
            StunAttributeType t = a.type();
            if (!t.equals(StunAttributeType.MESSAGE_INTEGRITY) && !t.equals(StunAttributeType.MESSAGE_INTEGRITY_SHA256)
                    && !t.equals(StunAttributeType.FINGERPRINT)) {
                again.add(a);
                plain.add(a);
            }
        }
        StunMessage reencoded = again.build();
        check(reencoded.attributes().equals(plain),
                () -> "re-encoded attributes differ: " + reencoded.attributes() + " vs " + plain);
        check(reencoded.type().equals(type) && reencoded.hasTransactionId(id), () -> "re-encoded header differs");
    }

    private static List<StunAttributeType> knownTypes() {
        List<StunAttributeType> out = new ArrayList<>();
        for (Field f : StunAttributeType.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == StunAttributeType.class) {
                try {
                    out.add((StunAttributeType) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void check(boolean condition, Supplier<String> what) {
        if (!condition) {
            throw new AssertionError(what.get());
        }
    }
}
