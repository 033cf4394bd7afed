package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketClassifierTest {
    private static PacketClassifier.Kind kind(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return PacketClassifier.classify(b, 0, b.length);
    }

    @Test
    void rfc7983Ranges() {
        assertThat(kind(0, 1)).isEqualTo(PacketClassifier.Kind.STUN);
        assertThat(kind(3)).isEqualTo(PacketClassifier.Kind.STUN);
        assertThat(kind(4)).isEqualTo(PacketClassifier.Kind.UNKNOWN);
        assertThat(kind(16)).isEqualTo(PacketClassifier.Kind.ZRTP);
        assertThat(kind(20)).isEqualTo(PacketClassifier.Kind.DTLS);
        assertThat(kind(22)).isEqualTo(PacketClassifier.Kind.DTLS);
        assertThat(kind(63)).isEqualTo(PacketClassifier.Kind.DTLS);
        assertThat(kind(64)).isEqualTo(PacketClassifier.Kind.TURN_CHANNEL);
        assertThat(kind(79)).isEqualTo(PacketClassifier.Kind.TURN_CHANNEL);
        assertThat(kind(80)).isEqualTo(PacketClassifier.Kind.UNKNOWN);
        assertThat(kind(0x80, 96)).isEqualTo(PacketClassifier.Kind.RTP);
        assertThat(kind(0x80, 96 | 0x80)).isEqualTo(PacketClassifier.Kind.RTP); // marker bit set
        assertThat(kind(0x80, 200)).isEqualTo(PacketClassifier.Kind.RTCP); // SR
        assertThat(kind(0x81, 205)).isEqualTo(PacketClassifier.Kind.RTCP); // RTPFB
        assertThat(kind(0x80)).isEqualTo(PacketClassifier.Kind.UNKNOWN);
        assertThat(kind(192)).isEqualTo(PacketClassifier.Kind.UNKNOWN);
        assertThat(kind()).isEqualTo(PacketClassifier.Kind.UNKNOWN);
    }

    @Test
    void streamFramingFindsStunAndPaddedChannelData() throws Exception {
        byte[] stun = StunMessageBuilder.of(StunMessageType.BINDING_REQUEST, TransactionId.fromHex("000102030405060708090a0b"))
                .text(StunAttributeType.SOFTWARE, "x").encode();
        byte[] channel = new ChannelData(0x4000, new byte[] {1, 2, 3}).encode(true);
        byte[] stream = new byte[stun.length + channel.length];
        System.arraycopy(stun, 0, stream, 0, stun.length);
        System.arraycopy(channel, 0, stream, stun.length, channel.length);

        assertThat(PacketClassifier.streamFrameLength(stream, 0, stream.length)).isEqualTo(stun.length);
        assertThat(PacketClassifier.streamFrameLength(stream, stun.length, channel.length)).isEqualTo(8);
        assertThat(PacketClassifier.streamFrameLength(stream, 0, stun.length - 1)).isEqualTo(-1);
        assertThat(PacketClassifier.streamFrameLength(stream, 0, 3)).isEqualTo(-1);
        assertThatThrownBy(() -> PacketClassifier.streamFrameLength(new byte[] {0x17, 3, 3, 0}, 0, 4))
                .isInstanceOf(StunException.class);
    }
}
