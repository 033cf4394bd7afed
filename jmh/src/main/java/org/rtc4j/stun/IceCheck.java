package org.rtc4j.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The data of a typical ICE connectivity check as Chromium sends it, shared by the STUN codec
 * benchmarks: the credentials, the attribute values, the request bytes (encoded once, by rtc4j) and
 * corrupted copies of them that every implementation must reject.
 *
 * <p>The request carries, in Chromium's order, USERNAME {@code "abcd:efgh"}, GOOG-NETWORK-INFO
 * (network id and cost, 4 bytes), ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY keyed
 * with a 24-character ICE password, and FINGERPRINT: 100 bytes in all.
 */
final class IceCheck {
    /** Our ICE ufrag: the first half of USERNAME in the checks we receive. */
    static final String LOCAL_UFRAG = "abcd";
    /** The peer's ICE ufrag. */
    static final String REMOTE_UFRAG = "efgh";
    /** USERNAME of a check we receive (RFC 8445 §7.2.2). */
    static final String USERNAME = LOCAL_UFRAG + ":" + REMOTE_UFRAG;
    /** Our ICE password, 24 characters as Chromium generates them; it keys both directions. */
    static final String PASSWORD = "J8kR2xQw5vLm9TzB3nHp6sYd";
    /** A host candidate's priority. */
    static final long PRIORITY = 0x6E7F1EFFL;
    /** The controlling agent's tie-breaker. */
    static final long TIE_BREAKER = 0x5F3C9A0D12E4B786L;
    /** GOOG-NETWORK-INFO: network id 1, network cost 10. */
    static final byte[] NETWORK_INFO = {0x00, 0x01, 0x00, 0x0A};
    /** The transaction id of the check, and so of its response. */
    static final TransactionId TRANSACTION_ID = TransactionId.fromHex("4c2b7a9e0d13f58a66e1b2c4");
    /** Where the check came from: the XOR-MAPPED-ADDRESS of the response. */
    static final InetSocketAddress PEER = new InetSocketAddress(ipv4(192, 168, 1, 23), 54321);
    /** Where the check was received. */
    static final InetSocketAddress LOCAL = new InetSocketAddress(ipv4(192, 168, 1, 10), 50000);

    private IceCheck() {
    }

    /** The check as Chromium would send it, keyed with {@link #PASSWORD}. */
    static byte[] request() {
        byte[] buf = new byte[StunMessage.MAX_LENGTH];
        int n = new StunWriter().begin(buf, 0, StunMessageType.BINDING_REQUEST, TRANSACTION_ID)
                .text(StunAttributeType.USERNAME, USERNAME)
                .bytes(StunAttributeType.GOOG_NETWORK_INFO, NETWORK_INFO)
                .uint64(StunAttributeType.ICE_CONTROLLING, TIE_BREAKER)
                .flag(StunAttributeType.USE_CANDIDATE)
                .uint32(StunAttributeType.PRIORITY, PRIORITY)
                .messageIntegrity(StunKey.shortTerm(PASSWORD))
                .fingerprint()
                .finish();
        byte[] out = new byte[n];
        System.arraycopy(buf, 0, out, 0, n);
        return out;
    }

    /**
     * A copy of {@code message} with one bit of USERNAME flipped and FINGERPRINT recomputed, so that
     * only MESSAGE-INTEGRITY can tell.
     */
    static byte[] withUsernameBitFlipped(byte[] message) {
        byte[] bad = message.clone();
        // The first attribute is USERNAME: its value starts after the 20-byte header and 4-byte attribute header.
        bad[StunMessage.HEADER_LENGTH + 4] ^= 0x01;
        refreshFingerprint(bad);
        return bad;
    }

    /** A copy of {@code message} with one bit of the FINGERPRINT value flipped. */
    static byte[] withFingerprintBitFlipped(byte[] message) {
        byte[] bad = message.clone();
        bad[bad.length - 1] ^= 0x01;
        return bad;
    }

    /** Rewrites the trailing FINGERPRINT value (RFC 8489 §14.7) of a message that ends with one. */
    private static void refreshFingerprint(byte[] message) {
        int at = message.length - 8;
        if (((message[at] & 0xFF) << 8 | (message[at + 1] & 0xFF)) != StunAttributeType.FINGERPRINT.code()) {
            throw new IllegalArgumentException("the message does not end with FINGERPRINT");
        }
        CRC32 crc = new CRC32();
        crc.update(message, 0, at);
        int value = (int) crc.getValue() ^ 0x5354554e;
        for (int i = 0; i < 4; i++) {
            message[at + 4 + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    /** Hexadecimal, for failure messages. */
    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
