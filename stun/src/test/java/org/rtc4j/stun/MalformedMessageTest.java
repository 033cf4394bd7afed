package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed messages: each gets a {@link StunException} with the reason that names the
 * broken rule, and nothing else is thrown.
 */
class MalformedMessageTest {
    private static final StunKey KEY = StunKey.shortTerm(Rfc5769Vectors.SHORT_TERM_PASSWORD);

    private static StunException.Reason decodeFailure(byte[] b) {
        try {
            StunMessage.decode(b, 0, b.length);
        } catch (StunException e) {
            return e.reason();
        }
        throw new AssertionError("decoded without error: " + Arrays.toString(b));
    }

    private static byte[] request() {
        return Rfc5769Vectors.REQUEST.clone();
    }

    @Test
    void everyTruncationOfAValidMessageFailsCleanly() {
        byte[] full = request();
        for (int len = 0; len < full.length; len++) {
            StunException.Reason r = decodeFailure(Arrays.copyOf(full, len));
            assertThat(r).isIn(StunException.Reason.TRUNCATED, StunException.Reason.BAD_PADDING);
        }
    }

    @Test
    void truncatedHeader() {
        assertThat(decodeFailure(new byte[19])).isEqualTo(StunException.Reason.TRUNCATED);
        assertThat(decodeFailure(new byte[0])).isEqualTo(StunException.Reason.TRUNCATED);
    }

    @Test
    void wrongMagicCookie() {
        byte[] b = request();
        b[4] ^= 1;
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.BAD_MAGIC_COOKIE);
    }

    @Test
    void topBitsSetIsNotStun() {
        byte[] b = request();
        b[0] |= (byte) 0x80;
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.NOT_STUN);
        assertThat(StunMessage.isStunMessage(b, 0, b.length)).isFalse();
    }

    @Test
    void lengthNotAMultipleOfFour() {
        byte[] b = request();
        Bytes.putU16(b, 2, Bytes.getU16(b, 2) - 2);
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.BAD_PADDING);
    }

    @Test
    void bytesAfterTheDeclaredEnd() {
        byte[] b = Arrays.copyOf(request(), Rfc5769Vectors.REQUEST.length + 4);
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.BAD_LENGTH);
    }

    @Test
    void attributeLengthPastTheEnd() {
        byte[] b = request();
        Bytes.putU16(b, 22, 0xFFF0); // SOFTWARE claims 65520 bytes
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.ATTRIBUTE_OVERRUN);
    }

    @Test
    void lastAttributeWithoutItsPadding() {
        // A sender that leaves out the 3 bytes of padding after a 5-byte SOFTWARE: the body is 9 bytes.
        byte[] b = new byte[20 + 9];
        Bytes.putU16(b, 0, 0x0001);
        Bytes.putU16(b, 2, 9);
        Bytes.putInt(b, 4, StunMessage.MAGIC_COOKIE);
        Bytes.putU16(b, 20, 0x8022);
        Bytes.putU16(b, 22, 5);
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.BAD_PADDING);
    }

    @Test
    void headerOfAnAttributeCutShort() {
        byte[] b = new byte[20 + 4];
        Bytes.putU16(b, 0, 0x0001);
        Bytes.putU16(b, 2, 4);
        Bytes.putInt(b, 4, StunMessage.MAGIC_COOKIE);
        Bytes.putU16(b, 20, 0x8022);
        Bytes.putU16(b, 22, 4);
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.ATTRIBUTE_OVERRUN);
    }

    @Test
    void duplicateAttributes() {
        byte[] b = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.fromHex("000102030405060708090a0b"))
                .add(StunAttribute.priority(1))
                .add(StunAttribute.priority(2))
                .encode();
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.DUPLICATE_ATTRIBUTE);
    }

    @Test
    void repeatableAttributesMayRepeat() throws Exception {
        byte[] b = StunMessageBuilder.of(StunMessageType.of(StunClass.REQUEST, StunMethod.CREATE_PERMISSION),
                        TransactionId.fromHex("000102030405060708090a0b"))
                .add(StunAttribute.xorPeerAddress(new java.net.InetSocketAddress("192.0.2.1", 1)))
                .add(StunAttribute.xorPeerAddress(new java.net.InetSocketAddress("192.0.2.2", 2)))
                .encode();
        assertThat(StunMessage.decode(b, 0, b.length).attributes(StunAttributeType.XOR_PEER_ADDRESS)).hasSize(2);
    }

    @Test
    void attributeAfterFingerprint() {
        byte[] valid = request();
        byte[] b = Arrays.copyOf(valid, valid.length + 8);
        Bytes.putU16(b, 2, Bytes.getU16(b, 2) + 8);
        Bytes.putU16(b, valid.length, 0x0024);
        Bytes.putU16(b, valid.length + 2, 4);
        assertThat(decodeFailure(b)).isEqualTo(StunException.Reason.ATTRIBUTE_AFTER_FINGERPRINT);
    }

    @Test
    void attributesAfterIntegrityAreIgnoredAndDoNotBreakIt() throws Exception {
        // The RFC 5769 long-term request, with a SOFTWARE appended after MESSAGE-INTEGRITY.
        byte[] valid = Rfc5769Vectors.LONG_TERM_REQUEST;
        byte[] b = Arrays.copyOf(valid, valid.length + 8);
        Bytes.putU16(b, 2, Bytes.getU16(b, 2) + 8);
        Bytes.putU16(b, valid.length, 0x8022);
        Bytes.putU16(b, valid.length + 2, 3);
        StunMessage m = StunMessage.decode(b, 0, b.length);
        assertThat(m.software()).isEmpty();
        StunKey key = StunKey.longTerm(Rfc5769Vectors.LONG_TERM_USERNAME, Rfc5769Vectors.LONG_TERM_REALM,
                Rfc5769Vectors.LONG_TERM_PASSWORD, PasswordAlgorithm.MD5, PasswordProfile.SASLPREP);
        assertThat(m.isIntegrityValid(key)).isTrue();
    }

    @Test
    void integrityOverAModifiedMessageFails() throws Exception {
        byte[] b = request();
        b[30] ^= 0x01; // inside SOFTWARE
        // Fix the fingerprint so that only integrity is wrong.
        Bytes.putInt(b, b.length - 4, Fingerprint.compute(b, 0, b.length - 8));
        StunMessage m = StunMessage.decode(b, 0, b.length);
        assertThat(m.isFingerprintValid()).isTrue();
        assertThat(m.isIntegrityValid(KEY)).isFalse();
        assertThatThrownBy(() -> m.verify(KEY)).isInstanceOf(StunException.class)
                .extracting(e -> ((StunException) e).reason()).isEqualTo(StunException.Reason.INTEGRITY_MISMATCH);
    }

    @Test
    void everySingleBitFlipIsCaughtByIntegrityOrFingerprintOrDecoding() {
        byte[] valid = request();
        for (int bit = 0; bit < valid.length * 8; bit++) {
            byte[] b = valid.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            try {
                StunMessage m = StunMessage.decode(b, 0, b.length);
                assertThat(m.isFingerprintValid() && m.isIntegrityValid(KEY)).as("bit %d", bit).isFalse();
            } catch (StunException expected) {
                // rejected by the decoder: fine
            }
        }
    }

    @Test
    void fingerprintMismatch() throws Exception {
        byte[] b = request();
        b[b.length - 1] ^= 0x01;
        StunMessage m = StunMessage.decode(b, 0, b.length);
        assertThat(m.isFingerprintValid()).isFalse();
        assertThatThrownBy(() -> m.verify(KEY)).isInstanceOf(StunException.class)
                .extracting(e -> ((StunException) e).reason()).isEqualTo(StunException.Reason.FINGERPRINT_MISMATCH);
    }

    @Test
    void missingIntegrityIsReported() throws Exception {
        byte[] b = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.fromHex("000102030405060708090a0b")).encode();
        StunMessage m = StunMessage.decode(b, 0, b.length);
        assertThat(m.isIntegrityValid(KEY)).isFalse();
        assertThatThrownBy(() -> m.verify(KEY)).isInstanceOf(StunException.class)
                .extracting(e -> ((StunException) e).reason()).isEqualTo(StunException.Reason.INTEGRITY_MISSING);
    }

    @Test
    void badValuesOfKnownAttributes() {
        assertThat(decodeFailure(withAttribute(0x0020, new byte[] {0, 3, 0, 1, 1, 2, 3, 4}))) // family 3
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x0020, new byte[] {0, 2, 0, 1, 1, 2, 3, 4}))) // IPv6 in 8 bytes
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x0024, new byte[] {0, 0, 1}))) // PRIORITY of 3 bytes
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x0009, new byte[] {0, 0, 7, 0}))) // error class 7
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x0009, new byte[] {0, 0, 4, 100}))) // error number 100
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x0008, new byte[16]))) // MESSAGE-INTEGRITY of 16 bytes
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x001C, new byte[18]))) // MI-SHA256 not a multiple of 4
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x000A, new byte[3]))) // UNKNOWN-ATTRIBUTES of odd length
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x8002, new byte[] {0, 1, 0, 9}))) // algorithm params past the end
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        assertThat(decodeFailure(withAttribute(0x0006, new byte[600]))) // USERNAME over 513 bytes
                .isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
    }

    @Test
    void invalidUtf8TextDecodesWithReplacementInsteadOfFailing() throws Exception {
        byte[] b = withAttribute(0x8022, new byte[] {(byte) 0xC3, (byte) 0x28, 'x'});
        assertThat(StunMessage.decode(b, 0, b.length).software()).hasValueSatisfying(s -> assertThat(s).endsWith("x"));
    }

    @Test
    void invalidUtf8ThatWouldOverflowTheLimitWhenDecodedIsRejectedAtDecode() {
        // Found by fuzzing: each bad byte becomes U+FFFD (3 bytes), so 86 bytes of 0xFF is 258 of text.
        byte[] ff = new byte[86];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        assertThat(decodeFailure(withAttribute(0x8003, ff))).isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        byte[] user = new byte[172];
        java.util.Arrays.fill(user, (byte) 0xFF);
        assertThat(decodeFailure(withAttribute(0x0006, user))).isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
        byte[] reason = new byte[4 + 255];
        reason[2] = 4;
        java.util.Arrays.fill(reason, 4, reason.length, (byte) 0xFF);
        assertThat(decodeFailure(withAttribute(0x0009, reason))).isEqualTo(StunException.Reason.BAD_ATTRIBUTE_VALUE);
    }

    @Test
    void aShortNonceCookieIsNotACookie() throws Exception {
        // Found by fuzzing: "obMatJos2AA==" decodes to one feature byte.
        byte[] b = StunMessageBuilder.of(StunMessageType.BINDING_ERROR, TransactionId.fromHex("000102030405060708090a0b"))
                .add(StunAttribute.ErrorCode.of(401)).add(StunAttribute.realm("example.org"))
                .add(StunAttribute.nonce("obMatJos2AA==xyz")).encode();
        StunMessage challenge = StunMessage.decode(b, 0, b.length);
        assertThat(new LongTermCredential("u", "p").handleChallenge(challenge)).isTrue();
        assertThat(NonceCookie.features("obMatJos249=")).isEqualTo(-1);
    }

    @Test
    void decodeRejectsARangeOutsideTheBuffer() {
        assertThatThrownBy(() -> StunMessage.decode(new byte[10], 5, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] withAttribute(int type, byte[] value) {
        int padded = (value.length + 3) & ~3;
        byte[] b = new byte[20 + 4 + padded];
        Bytes.putU16(b, 0, 0x0001);
        Bytes.putU16(b, 2, 4 + padded);
        Bytes.putInt(b, 4, StunMessage.MAGIC_COOKIE);
        Bytes.putU16(b, 20, type);
        Bytes.putU16(b, 22, value.length);
        System.arraycopy(value, 0, b, 24, value.length);
        return b;
    }
}
