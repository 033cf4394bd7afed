package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DcepMessageTest {
    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** An OPEN for label "chat", protocol "x", ordered with at most 3 retransmissions, priority 256. */
    private static final byte[] OPEN_CHAT = bytes(0x03, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00,
            0x01, 'c', 'h', 'a', 't', 'x');

    @Test
    void encodesTheRfcLayout() {
        var open = new DcepMessage.Open(ChannelType.PARTIAL_RELIABLE_REXMIT, 256, 3, "chat", "x");
        assertThat(open.encode()).containsExactly(OPEN_CHAT);
        assertThat(open.encodedLength()).isEqualTo(OPEN_CHAT.length);
        assertThat(DcepMessage.Ack.INSTANCE.encode()).containsExactly(0x02);
    }

    @Test
    void decodesTheRfcLayout() throws DataChannelException {
        assertThat(DcepMessage.decode(OPEN_CHAT, 0, OPEN_CHAT.length))
                .isEqualTo(new DcepMessage.Open(ChannelType.PARTIAL_RELIABLE_REXMIT, 256, 3, "chat", "x"));
        assertThat(DcepMessage.decode(bytes(0x02), 0, 1)).isEqualTo(DcepMessage.Ack.INSTANCE);
    }

    @ParameterizedTest
    @EnumSource(ChannelType.class)
    void roundTripsEveryChannelType(ChannelType type) throws DataChannelException {
        var open = new DcepMessage.Open(type, 1024, 0xFFFF_FFFFL, "ラベル \uD83D\uDE00", "proto/1.0");
        byte[] out = new byte[open.encodedLength() + 5];
        int n = open.encode(out, 3);
        assertThat(DcepMessage.decode(out, 3, n)).isEqualTo(open);
        assertThat(out[4] & 0xFF).isEqualTo(type.code());
    }

    @Test
    void roundTripsEmptyAndLongestStrings() throws DataChannelException {
        String longest = "a".repeat(65535);
        for (var open : new DcepMessage.Open[] {new DcepMessage.Open(ChannelType.RELIABLE, 0, 0, "", ""),
                new DcepMessage.Open(ChannelType.RELIABLE_UNORDERED, 65535, 0, longest, longest)}) {
            byte[] b = open.encode();
            assertThat(DcepMessage.decode(b, 0, b.length)).isEqualTo(open);
        }
    }

    @Test
    void ignoresTrailingBytes() throws DataChannelException {
        byte[] b = Arrays.copyOf(OPEN_CHAT, OPEN_CHAT.length + 4);
        assertThat(((DcepMessage.Open) DcepMessage.decode(b, 0, b.length)).protocol()).isEqualTo("x");
        assertThat(DcepMessage.decode(bytes(0x02, 0, 0), 0, 3)).isEqualTo(DcepMessage.Ack.INSTANCE);
    }

    @Test
    void channelTypeFlags() {
        assertThat(ChannelType.of(true, false, false)).isEqualTo(ChannelType.RELIABLE);
        assertThat(ChannelType.of(false, true, false)).isEqualTo(ChannelType.PARTIAL_RELIABLE_REXMIT_UNORDERED);
        assertThat(ChannelType.of(false, false, true)).isEqualTo(ChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED);
        assertThat(ChannelType.PARTIAL_RELIABLE_TIMED.limitsLifetime()).isTrue();
        assertThat(ChannelType.PARTIAL_RELIABLE_TIMED.unordered()).isFalse();
        assertThat(ChannelType.fromCode(0x03)).isEmpty();
        assertThatThrownBy(() -> ChannelType.of(true, true, true)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertMalformed(byte[] b, DataChannelException.Reason reason, String words) {
        assertThatThrownBy(() -> DcepMessage.decode(b, 0, b.length))
                .isInstanceOfSatisfying(DataChannelException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(words);
    }

    @Test
    void rejectsEmpty() {
        assertMalformed(new byte[0], DataChannelException.Reason.TRUNCATED, "empty");
    }

    @Test
    void rejectsUnknownMessageType() {
        assertMalformed(bytes(0x04), DataChannelException.Reason.UNKNOWN_MESSAGE_TYPE, "0x4");
        assertMalformed(bytes(0x00, 0, 0, 0), DataChannelException.Reason.UNKNOWN_MESSAGE_TYPE, "0x0");
    }

    @Test
    void rejectsEveryTruncatedHeader() {
        for (int n = 1; n < 12; n++) {
            assertMalformed(Arrays.copyOf(OPEN_CHAT, n), DataChannelException.Reason.TRUNCATED, n + " bytes");
        }
    }

    @Test
    void rejectsLabelPastTheEnd() {
        for (int n = 12; n < 16; n++) {
            assertMalformed(Arrays.copyOf(OPEN_CHAT, n), DataChannelException.Reason.BAD_LENGTH, "label length 4");
        }
        byte[] huge = OPEN_CHAT.clone();
        huge[8] = (byte) 0xFF;
        huge[9] = (byte) 0xFF;
        assertMalformed(huge, DataChannelException.Reason.BAD_LENGTH, "label length 65535");
    }

    @Test
    void rejectsProtocolPastTheEnd() {
        assertMalformed(Arrays.copyOf(OPEN_CHAT, 16), DataChannelException.Reason.BAD_LENGTH, "protocol length 1");
    }

    @Test
    void rejectsUnknownChannelType() {
        for (int type : new int[] {0x03, 0x7F, 0x83, 0xFF, 0x40}) {
            byte[] b = OPEN_CHAT.clone();
            b[1] = (byte) type;
            assertMalformed(b, DataChannelException.Reason.UNKNOWN_CHANNEL_TYPE,
                    "channel type 0x" + Integer.toHexString(type));
        }
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] b = OPEN_CHAT.clone();
        b[13] = (byte) 0xC3; // a lead byte followed by 'a'
        assertMalformed(b, DataChannelException.Reason.INVALID_UTF8, "label");
        byte[] p = OPEN_CHAT.clone();
        p[16] = (byte) 0xFF;
        assertMalformed(p, DataChannelException.Reason.INVALID_UTF8, "protocol");
    }

    @Test
    void decodesOnlyTheGivenRange() throws DataChannelException {
        byte[] b = new byte[OPEN_CHAT.length + 2];
        System.arraycopy(OPEN_CHAT, 0, b, 1, OPEN_CHAT.length);
        assertThat(DcepMessage.decode(b, 1, OPEN_CHAT.length)).isInstanceOf(DcepMessage.Open.class);
        assertMalformed(Arrays.copyOfRange(b, 1, 14), DataChannelException.Reason.BAD_LENGTH, "label");
        assertThatThrownBy(() -> DcepMessage.decode(b, 5, b.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void neverThrowsAnythingElseForAnyShortInput() {
        // every 1- and 2-byte input, and every OPEN prefix with each possible second byte
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                byte[] in = Arrays.copyOf(OPEN_CHAT, OPEN_CHAT.length);
                in[1] = (byte) b;
                in[0] = (byte) a;
                for (byte[] x : new byte[][] {bytes(a), bytes(a, b), in}) {
                    try {
                        DcepMessage.decode(x, 0, x.length);
                    } catch (DataChannelException expected) {
                        assertThat(expected.getMessage()).isNotBlank();
                    }
                }
            }
        }
    }

    @Test
    void rejectsValuesThatDoNotFitOnEncode() {
        assertThatThrownBy(() -> new DcepMessage.Open(ChannelType.RELIABLE, 65536, 0, "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> new DcepMessage.Open(ChannelType.RELIABLE, 0, 1L << 32, "", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reliabilityParameter");
        assertThatThrownBy(() -> new DcepMessage.Open(ChannelType.RELIABLE, 0, 0, "é".repeat(40000), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label of 80000 UTF-8 bytes");
        var open = new DcepMessage.Open(ChannelType.RELIABLE, 0, 0, "abc", "");
        assertThatThrownBy(() -> open.encode(new byte[14], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
