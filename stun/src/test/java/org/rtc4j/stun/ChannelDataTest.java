package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelDataTest {
    private static StunException.Reason failure(byte[] b) {
        try {
            ChannelData.decode(b, 0, b.length);
        } catch (StunException e) {
            return e.reason();
        }
        throw new AssertionError("decoded");
    }

    @Test
    void roundTripsPaddedAndUnpadded() throws Exception {
        ChannelData cd = new ChannelData(0x4001, new byte[] {1, 2, 3, 4, 5});
        byte[] udp = cd.encode(false);
        byte[] tcp = cd.encode(true);
        assertThat(udp).hasSize(9);
        assertThat(tcp).hasSize(12);
        assertThat(udp).startsWith(0x40, 0x01, 0x00, 0x05);
        assertThat(ChannelData.decode(udp, 0, udp.length)).isEqualTo(cd);
        assertThat(ChannelData.decode(tcp, 0, tcp.length)).isEqualTo(cd);
        assertThat(ChannelData.check(tcp, 0, tcp.length)).isEqualTo(5);
        assertThat(ChannelData.channelAt(tcp, 0)).isEqualTo(0x4001);
    }

    @Test
    void malformedFramesFailWithAReason() {
        assertThat(failure(new byte[] {0x40, 0x00, 0x00})).isEqualTo(StunException.Reason.TRUNCATED);
        assertThat(failure(new byte[] {0x40, 0x00, 0x00, 0x08, 1, 2})).isEqualTo(StunException.Reason.TRUNCATED);
        assertThat(failure(new byte[] {0x50, 0x00, 0x00, 0x00})).isEqualTo(StunException.Reason.BAD_CHANNEL_NUMBER);
        assertThat(failure(new byte[] {0x3F, (byte) 0xFF, 0x00, 0x00})).isEqualTo(StunException.Reason.BAD_CHANNEL_NUMBER);
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> new ChannelData(0x5000, new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 0x4000 ~ 0x4FFF");
        assertThatThrownBy(() -> ChannelData.encode(0x4000, new byte[8], 0, 8, new byte[10], 0, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
