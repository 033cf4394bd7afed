package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Bad input, one rule per test: the codec throws an {@link SctpException} with the rule's
 * {@link SctpException.Reason} and nothing else, whether the packet fills its array or sits inside
 * a larger one followed by bytes that would make it valid.
 */
class SctpMalformedInputTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String HEADER = "13881388" + "01020304" + "00000000";

    @Test
    void packetShorterThanCommonHeader() {
        assertRejected(new byte[0], SctpException.Reason.TRUNCATED);
        assertRejected(new byte[11], SctpException.Reason.TRUNCATED);
        assertThatThrownBy(() -> new ChunkReader().reset(new byte[11], 0, 11)).isInstanceOf(SctpException.class);
    }

    /** A range outside the array is the caller's mistake: it fails at once, not in the middle of a chunk. */
    @Test
    void readerRangeOutsideTheBuffer() {
        assertThatThrownBy(() -> new ChunkReader().reset(new byte[20], 4, 20)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> SctpPacket.decode(new byte[20], -1, 16)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void headerAloneHasNoChunks() throws SctpException {
        assertThat(SctpPacket.decode(packet("")).chunks()).isEmpty();
    }

    @Test
    void chunkHeaderCutOff() {
        assertRejected(packet("0b"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("0b0000"), SctpException.Reason.TRUNCATED);
        // After a whole chunk.
        assertRejected(packet("0b000004" + "0b00"), SctpException.Reason.TRUNCATED);
    }

    @Test
    void chunkLengthBelowFour() {
        for (int length = 0; length < 4; length++) {
            assertRejected(packet("0b00" + String.format("%04x", length) + "00000000"), SctpException.Reason.BAD_LENGTH);
        }
    }

    @Test
    void chunkLengthPastTheEnd() {
        assertRejected(packet("0a00000a" + "0102030405"), SctpException.Reason.BAD_LENGTH);
        assertRejected(packet("0b000004" + "0a00ffff" + "01020304"), SctpException.Reason.BAD_LENGTH);
    }

    /** RFC 9260 §3.2: the last chunk's padding may be left out; the chunk is the same. */
    @Test
    void missingFinalPaddingIsAccepted() throws SctpException {
        SctpPacket unpadded = SctpPacket.decode(packet("0a000009" + "0102030405"));
        SctpPacket padded = SctpPacket.decode(packet("0a000009" + "0102030405" + "000000"));
        assertThat(unpadded).isEqualTo(padded);
        assertThat(unpadded.chunks()).containsExactly(new RawChunk(SctpChunk.COOKIE_ECHO, 0, HEX.parseHex("0102030405")));
        SctpPacket two = SctpPacket.decode(packet("0b000004" + "000300110000000100020003000000330a"));
        assertThat(two.chunks()).hasSize(2);
        assertThat(((DataChunk) two.chunks().get(1)).data()).containsExactly(0x0a);
    }

    @Test
    void parameterHeaderCutOff() {
        assertRejected(packet("01000017" + INIT_FIXED + "c00000"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("04000007" + "000100"), SctpException.Reason.TRUNCATED);
    }

    @Test
    void parameterLengthBelowFour() {
        for (int length = 0; length < 4; length++) {
            assertRejected(packet("01000018" + INIT_FIXED + "c000" + String.format("%04x", length)),
                    SctpException.Reason.BAD_LENGTH);
        }
        assertRejected(packet("04000008" + "00010003"), SctpException.Reason.BAD_LENGTH);
    }

    @Test
    void parameterLengthPastTheChunk() {
        // The parameter claims 8 bytes; the chunk holds 4 of them and the packet holds all 8.
        assertRejected(packet("01000018" + INIT_FIXED + "80080008" + "82c08400"), SctpException.Reason.BAD_LENGTH);
        assertRejected(packet("06000008" + "000c0009" + "6279650000000000"), SctpException.Reason.BAD_LENGTH);
        assertRejected(packet("8200000c" + "000d0014" + "00000001" + "00000000" + "00000000"),
                SctpException.Reason.BAD_LENGTH);
    }

    @Test
    void dataWithoutUserData() {
        assertRejected(packet("00000010" + "000000010000000000000000"), SctpException.Reason.BAD_VALUE);
        assertRejected(packet("00030010" + "000000010000000000000033"), SctpException.Reason.BAD_VALUE);
    }

    @Test
    void chunksShorterThanTheirFixedPart() {
        assertRejected(packet("00000004"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("0003000f" + "0000000100000000000000"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("01000013" + INIT_FIXED.substring(2)), SctpException.Reason.TRUNCATED);
        assertRejected(packet("02000004"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("0300000f" + "000000010000000100000000"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("03000004"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("07000007" + "00000100"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("07000004"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("c0000007" + "00000100"), SctpException.Reason.TRUNCATED);
        assertRejected(packet("c0000004"), SctpException.Reason.TRUNCATED);
    }

    @Test
    void sackAnnouncingMoreThanItHolds() {
        // One gap block announced, none present.
        assertRejected(packet("03000010" + "00000001" + "00010000" + "00010000"), SctpException.Reason.BAD_LENGTH);
        // One gap block present, one more and a duplicate announced.
        assertRejected(packet("03000014" + "00000001" + "00010000" + "00020001" + "00020003"), SctpException.Reason.BAD_LENGTH);
        // 65535 of each announced.
        assertRejected(packet("03000014" + "00000001" + "00010000" + "ffffffff" + "00020003"), SctpException.Reason.BAD_LENGTH);
    }

    /** A SACK longer than its counts say does not re-encode as it came: its length is wrong. */
    @Test
    void sackHoldingMoreThanItAnnounces() {
        assertRejected(packet("03000014" + "00000001" + "00010000" + "00000000" + "00020003"), SctpException.Reason.BAD_LENGTH);
        assertRejected(packet("03000011" + "00000001" + "00010000" + "00000000" + "ff"), SctpException.Reason.BAD_LENGTH);
    }

    /** RFC 3758 §3.2: 4 bytes per stream; a partial entry is no entry. */
    @Test
    void forwardTsnWithPartialStreamEntry() {
        assertRejected(packet("c000000a" + "00000064" + "0001"), SctpException.Reason.BAD_LENGTH);
        assertRejected(packet("c000000f" + "00000064" + "00010002" + "000300"), SctpException.Reason.BAD_LENGTH);
    }

    /** RFC 9260 §3.3.8: a SHUTDOWN is 8 bytes long. */
    @Test
    void shutdownLongerThanItsValue() {
        assertRejected(packet("07000009" + "0000010000"), SctpException.Reason.BAD_LENGTH);
        assertRejected(packet("0700000c" + "0000010000000000"), SctpException.Reason.BAD_LENGTH);
    }

    /** RFC 6525 §4.1: 12 bytes and 2 per stream. */
    @Test
    void badOutgoingResetRequestLengths() {
        for (int length : new int[] {0, 4, 11, 13, 15}) {
            SctpParameter p = new SctpParameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST, new byte[length]);
            assertThatThrownBy(() -> OutgoingResetRequest.decode(p)).as("value of %d bytes", length)
                    .isInstanceOfSatisfying(SctpException.class,
                            e -> assertThat(e.reason()).isEqualTo(SctpException.Reason.BAD_LENGTH));
        }
        assertThatThrownBy(() -> OutgoingResetRequest.decode(new SctpParameter(SctpParameter.RECONFIGURATION_RESPONSE,
                new byte[12]))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 13");
    }

    /** RFC 6525 §4.4: 8 bytes, or 16 with the optional TSNs. */
    @Test
    void badReconfigResponseLengths() throws SctpException {
        for (int length : new int[] {0, 4, 7, 9, 12, 15, 17, 20}) {
            SctpParameter p = new SctpParameter(SctpParameter.RECONFIGURATION_RESPONSE, new byte[length]);
            assertThatThrownBy(() -> ReconfigResponse.decode(p)).as("value of %d bytes", length)
                    .isInstanceOfSatisfying(SctpException.class,
                            e -> assertThat(e.reason()).isEqualTo(SctpException.Reason.BAD_LENGTH));
        }
        byte[] withTsns = HEX.parseHex("00000009" + "00000001" + "0000000a" + "0000000b");
        assertThat(ReconfigResponse.decode(new SctpParameter(SctpParameter.RECONFIGURATION_RESPONSE, withTsns)))
                .isEqualTo(new ReconfigResponse(9, ReconfigResponse.SUCCESS_PERFORMED));
        assertThatThrownBy(() -> ReconfigResponse.decode(new SctpParameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST,
                new byte[8]))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 16");
    }

    /** Fixed-size fields that do not fit are the caller's mistake, not the peer's. */
    @Test
    void encodingAChunkTooLongForItsLengthField() {
        SctpPacket huge = SctpPacket.of(1, 2, 3, new DataChunk(0, 1, 2, 3, 4, new byte[0xFFFF - 15]));
        assertThatThrownBy(huge::encode).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: at most 65535");
        SctpPacket largest = SctpPacket.of(1, 2, 3, new DataChunk(0, 1, 2, 3, 4, new byte[0xFFFF - 16]));
        assertThat(largest.encode()).hasSize(12 + 0x10000);
    }

    private static final String INIT_FIXED = "01020304" + "00020000" + "0400" + "0400" + "00000001";

    private static byte[] packet(String chunks) {
        return HEX.parseHex(HEADER + chunks);
    }

    /**
     * Decoding fails with the reason and no other exception, alone in its array and inside a larger
     * one followed by bytes that would complete a cut-off chunk.
     */
    private static void assertRejected(byte[] packet, SctpException.Reason reason) {
        assertThatThrownBy(() -> SctpPacket.decode(packet)).as(HEX.formatHex(packet))
                .isInstanceOfSatisfying(SctpException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isNotBlank();
                });
        byte[] larger = new byte[packet.length + 40];
        Arrays.fill(larger, (byte) 0x04);
        System.arraycopy(packet, 0, larger, 3, packet.length);
        assertThatThrownBy(() -> SctpPacket.decode(larger, 3, packet.length)).as("at an offset")
                .isInstanceOfSatisfying(SctpException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
