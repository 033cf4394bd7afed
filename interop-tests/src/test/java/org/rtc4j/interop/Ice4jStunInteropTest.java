package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.IceControllingAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.PriorityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunAttributeType;
import org.rtc4j.stun.StunErrorCodes;
import org.rtc4j.stun.StunKey;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.StunWriter;
import org.rtc4j.stun.TransactionId;

/**
 * rtc4j's STUN codec against ice4j's, an independent Java implementation, in process and in both
 * directions: the ICE Binding request, its success responses (IPv4 and IPv6 XOR-MAPPED-ADDRESS) and
 * a 487 Role Conflict error, each with MESSAGE-INTEGRITY (short-term, RFC 8489 §9.1) and FINGERPRINT.
 *
 * <p>ice4j checks what rtc4j encodes with its own code: {@link Message#decode} (which rejects a
 * wrong FINGERPRINT), {@link FingerprintAttribute#calculateXorCRC32} and
 * {@link StunStack#validateMessageIntegrity}, its receive-path HMAC-SHA1 check. rtc4j checks what
 * ice4j encodes with {@link StunMessage#isFingerprintValid()} and {@link StunMessage#isIntegrityValid}.
 */
class Ice4jStunInteropTest {
    /** The ufrag of the agent that answers the checks. */
    private static final String LOCAL_UFRAG = "abcd";
    /** USERNAME of a check: the answering agent's ufrag first (RFC 8445 §7.2.2). */
    private static final String USERNAME = LOCAL_UFRAG + ":efgh";
    /** The answering agent's password, which keys the check and its responses. */
    private static final String PASSWORD = "J8kR2xQw5vLm9TzB3nHp6sYd";
    private static final long PRIORITY = 0x6E7F1EFFL;
    private static final long TIE_BREAKER = 0x5F3C9A0D12E4B786L;
    private static final TransactionId TRANSACTION_ID = TransactionId.fromHex("4c2b7a9e0d13f58a66e1b2c4");
    private static final InetSocketAddress MAPPED_V4 = new InetSocketAddress(address("192.0.2.1"), 32853);
    private static final InetSocketAddress MAPPED_V6 =
            new InetSocketAddress(address("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
    private static final TransportAddress LOCAL = new TransportAddress(address("192.0.2.10"), 50000, Transport.UDP);

    private final StunKey key = StunKey.shortTerm(PASSWORD);
    private final StunStack ice4j = ice4jStack(PASSWORD);
    private final StunStack ice4jWithWrongPassword = ice4jStack("not" + PASSWORD.substring(3));

    @AfterEach
    void shutDownIce4j() {
        ice4j.shutDown();
        ice4jWithWrongPassword.shutDown();
    }

    // rtc4j encodes, ice4j decodes and verifies

    @Test
    void ice4jVerifiesAndReadsAnRtc4jBindingRequest() throws Exception {
        byte[] out = new byte[StunMessage.MAX_LENGTH];
        int len = new StunWriter().begin(out, 0, StunMessageType.BINDING_REQUEST, TRANSACTION_ID)
                .text(StunAttributeType.USERNAME, USERNAME)
                .uint32(StunAttributeType.PRIORITY, PRIORITY)
                .uint64(StunAttributeType.ICE_CONTROLLING, TIE_BREAKER)
                .flag(StunAttributeType.USE_CANDIDATE)
                .messageIntegrity(key)
                .fingerprint()
                .finish();
        byte[] wire = Arrays.copyOf(out, len);

        Message m = decodeAndVerifyWithIce4j(wire);

        assertThat(m).isInstanceOf(Request.class);
        assertThat((int) m.getMessageType()).isEqualTo((int) Message.BINDING_REQUEST);
        assertThat(m.getTransactionID()).isEqualTo(TRANSACTION_ID.toByteArray());
        assertThat(((UsernameAttribute) m.getAttribute(Attribute.USERNAME)).getUsername())
                .isEqualTo(USERNAME.getBytes(StandardCharsets.UTF_8));
        assertThat(((PriorityAttribute) m.getAttribute(Attribute.PRIORITY)).getPriority()).isEqualTo(PRIORITY);
        assertThat(((IceControllingAttribute) m.getAttribute(Attribute.ICE_CONTROLLING)).getTieBreaker())
                .isEqualTo(TIE_BREAKER);
        assertThat(m.containsAttribute(Attribute.USE_CANDIDATE)).isTrue();
    }

    @Test
    void ice4jVerifiesAndReadsRtc4jSuccessResponsesForIpv4AndIpv6() throws Exception {
        byte[] out = new byte[StunMessage.MAX_LENGTH];
        int len = new StunWriter().begin(out, 0, StunMessageType.BINDING_SUCCESS, TRANSACTION_ID)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, MAPPED_V4)
                .messageIntegrity(key)
                .fingerprint()
                .finish();
        byte[] v4 = Arrays.copyOf(out, len);
        byte[] v6 = StunMessageBuilder.of(StunMessageType.BINDING_SUCCESS, TRANSACTION_ID)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, MAPPED_V6)
                .messageIntegrity(key)
                .fingerprint()
                .encode();

        for (var expected : new Object[][] {{v4, MAPPED_V4}, {v6, MAPPED_V6}}) {
            Message m = decodeAndVerifyWithIce4j((byte[]) expected[0]);

            assertThat(m).isInstanceOf(Response.class);
            assertThat((int) m.getMessageType()).isEqualTo((int) Message.BINDING_SUCCESS_RESPONSE);
            assertThat(m.getTransactionID()).isEqualTo(TRANSACTION_ID.toByteArray());
            TransportAddress mapped = ((XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS))
                    .getAddress(m.getTransactionID());
            assertThat(new InetSocketAddress(mapped.getAddress(), mapped.getPort())).isEqualTo(expected[1]);
        }
    }

    @Test
    void ice4jVerifiesAndReadsAnRtc4jRoleConflictError() throws Exception {
        byte[] wire = StunMessageBuilder.of(StunMessageType.BINDING_ERROR, TRANSACTION_ID)
                .add(StunAttribute.ErrorCode.of(StunErrorCodes.ROLE_CONFLICT))
                .messageIntegrity(key)
                .fingerprint()
                .encode();

        Message m = decodeAndVerifyWithIce4j(wire);

        assertThat((int) m.getMessageType()).isEqualTo((int) Message.BINDING_ERROR_RESPONSE);
        assertThat(((Response) m).isErrorResponse()).isTrue();
        ErrorCodeAttribute error = (ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE);
        assertThat((int) error.getErrorCode()).isEqualTo(487);
        assertThat(error.getReasonPhrase()).isEqualTo("Role Conflict");
    }

    // ice4j encodes, rtc4j decodes and verifies

    @Test
    void rtc4jVerifiesAndReadsAnIce4jBindingRequest() throws Exception {
        StunMessage m = decodeAndVerifyWithRtc4j(ice4jBindingRequest().encode(ice4j));

        assertThat(m.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
        assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(m.username()).contains(USERNAME);
        assertThat(m.priority()).hasValue(PRIORITY);
        assertThat(m.iceControlling()).hasValue(TIE_BREAKER);
        assertThat(m.useCandidate()).isTrue();
    }

    @Test
    void rtc4jVerifiesAndReadsIce4jSuccessResponsesForIpv4AndIpv6() throws Exception {
        for (InetSocketAddress mapped : new InetSocketAddress[] {MAPPED_V4, MAPPED_V6}) {
            Response response = MessageFactory.createBindingResponse(ice4jBindingRequest(),
                    new TransportAddress(mapped.getAddress(), mapped.getPort(), Transport.UDP));

            StunMessage m = decodeAndVerifyWithRtc4j(signAndEncodeWithIce4j(response));

            assertThat(m.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
            assertThat(m.address(StunAttributeType.XOR_MAPPED_ADDRESS)).contains(mapped);
        }
    }

    @Test
    void rtc4jVerifiesAndReadsAnIce4jRoleConflictError() throws Exception {
        Response response = MessageFactory.createBindingErrorResponse(ErrorCodeAttribute.ROLE_CONFLICT, "Role Conflict");

        StunMessage m = decodeAndVerifyWithRtc4j(signAndEncodeWithIce4j(response));

        assertThat(m.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(m.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(m.errorCode()).contains(new StunAttribute.ErrorCode(487, "Role Conflict"));
    }

    @Test
    void oneFlippedBitInsideAnIce4jUsernameFailsRtc4jsIntegrityCheck() throws Exception {
        byte[] wire = ice4jBindingRequest().encode(ice4j);
        assertThat(StunMessage.decode(wire, 0, wire.length).isIntegrityValid(key)).isTrue();

        byte[] flipped = wire.clone();
        flipped[valueOffset(flipped, StunAttributeType.USERNAME.code()) + 2] ^= 0x01;
        StunMessage m = StunMessage.decode(flipped, 0, flipped.length);

        assertThat(m.username()).hasValueSatisfying(u -> assertThat(u).isNotEqualTo(USERNAME).hasSameSizeAs(USERNAME));
        assertThat(m.isIntegrityValid(key)).isFalse();
    }

    /**
     * Decodes with ice4j and checks FINGERPRINT and MESSAGE-INTEGRITY with ice4j's own code, with
     * controls showing that each check does reject: a flipped FINGERPRINT bit, a wrong password.
     */
    private Message decodeAndVerifyWithIce4j(byte[] wire) throws Exception {
        Message m = Message.decode(wire, 0, wire.length);

        FingerprintAttribute fingerprint = (FingerprintAttribute) m.getAttribute(Attribute.FINGERPRINT);
        assertThat(fingerprint).as("FINGERPRINT").isNotNull();
        assertThat(fingerprint.getChecksum())
                .isEqualTo(FingerprintAttribute.calculateXorCRC32(wire, 0, fingerprint.getLocationInMessage()));
        byte[] badFingerprint = wire.clone();
        badFingerprint[badFingerprint.length - 1] ^= 0x01;
        assertThatThrownBy(() -> Message.decode(badFingerprint, 0, badFingerprint.length))
                .isInstanceOf(org.ice4j.StunException.class);

        MessageIntegrityAttribute integrity = (MessageIntegrityAttribute) m.getAttribute(Attribute.MESSAGE_INTEGRITY);
        assertThat(integrity).as("MESSAGE-INTEGRITY").isNotNull();
        RawMessage raw = RawMessage.build(wire, wire.length, LOCAL, LOCAL);
        assertThat(ice4j.validateMessageIntegrity(integrity, USERNAME, true, raw)).as("ice4j's HMAC check").isTrue();
        assertThat(ice4jWithWrongPassword.validateMessageIntegrity(integrity, USERNAME, true, raw)).isFalse();
        return m;
    }

    /** Decodes with rtc4j and checks FINGERPRINT and MESSAGE-INTEGRITY, with a wrong-password control. */
    private StunMessage decodeAndVerifyWithRtc4j(byte[] wire) throws Exception {
        StunMessage m = StunMessage.decode(wire, 0, wire.length);
        assertThat(m.isFingerprintValid()).as("FINGERPRINT").isTrue();
        assertThat(m.isIntegrityValid(key)).as("MESSAGE-INTEGRITY").isTrue();
        assertThat(m.isIntegrityValid(StunKey.shortTerm("not" + PASSWORD.substring(3)))).isFalse();
        return m;
    }

    /** A check as ice4j's ConnectivityCheckClient builds it, signed with the answering agent's password. */
    private static Request ice4jBindingRequest() throws Exception {
        Request request = MessageFactory.createBindingRequest(PRIORITY, true, TIE_BREAKER);
        request.putAttribute(AttributeFactory.createUsernameAttribute(USERNAME));
        request.putAttribute(AttributeFactory.createUseCandidateAttribute());
        request.putAttribute(AttributeFactory.createMessageIntegrityAttribute(USERNAME));
        request.putAttribute(AttributeFactory.createFingerprintAttribute());
        request.setTransactionID(TRANSACTION_ID.toByteArray());
        return request;
    }

    /** Adds MESSAGE-INTEGRITY (keyed for the local ufrag, as ice4j signs responses) and FINGERPRINT, then encodes. */
    private byte[] signAndEncodeWithIce4j(Response response) throws Exception {
        response.setTransactionID(TRANSACTION_ID.toByteArray());
        response.putAttribute(AttributeFactory.createMessageIntegrityAttribute(LOCAL_UFRAG));
        response.putAttribute(AttributeFactory.createFingerprintAttribute());
        return response.encode(ice4j);
    }

    /** Where the value of the first attribute of {@code type} starts in an encoded message. */
    private static int valueOffset(byte[] wire, int type) {
        for (int pos = StunMessage.HEADER_LENGTH; pos + 4 <= wire.length; ) {
            int t = (wire[pos] & 0xFF) << 8 | (wire[pos + 1] & 0xFF);
            int len = (wire[pos + 2] & 0xFF) << 8 | (wire[pos + 3] & 0xFF);
            if (t == type) {
                return pos + 4;
            }
            pos += 4 + ((len + 3) & ~3);
        }
        throw new AssertionError(String.format("no attribute 0x%04x", type));
    }

    /** An ice4j stack whose credentials know one ICE session keyed with {@code password}. */
    private static StunStack ice4jStack(String password) {
        StunStack stack = new StunStack();
        stack.getCredentialsManager().registerAuthority(new OneSession(password.getBytes(StandardCharsets.UTF_8)));
        return stack;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(literal + " is a literal address", e);
        }
    }

    /**
     * One ICE session's credentials for ice4j: the local key for {@link #LOCAL_UFRAG} (receiving
     * checks, signing responses) and the remote key for {@link #USERNAME} (signing checks).
     */
    private static final class OneSession implements CredentialsAuthority {
        private final byte[] key;

        OneSession(byte[] key) {
            this.key = key;
        }

        @Override
        public byte[] getLocalKey(String username) {
            return LOCAL_UFRAG.equals(username) ? key : null;
        }

        @Override
        public byte[] getRemoteKey(String username, String media) {
            return USERNAME.equals(username) ? key : null;
        }

        @Override
        public boolean checkLocalUserName(String username) {
            return LOCAL_UFRAG.equals(username);
        }
    }
}
