package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DataChannelInitTest {
    @Test
    void defaultsAreTheW3cOnes() {
        var init = DataChannelInit.DEFAULT;
        assertThat(init.ordered()).isTrue();
        assertThat(init.maxPacketLifeTime()).isEmpty();
        assertThat(init.maxRetransmits()).isEmpty();
        assertThat(init.protocol()).isEmpty();
        assertThat(init.negotiated()).isFalse();
        assertThat(init.id()).isEmpty();
        assertThat(init.priority()).isEqualTo(DataChannelPriority.LOW);
        assertThat(init.channelType()).isEqualTo(ChannelType.RELIABLE);
    }

    @Test
    void bothLimitsAreRejected() {
        assertThatThrownBy(() -> DataChannelInit.DEFAULT.withMaxRetransmits(3).withMaxPacketLifeTime(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPacketLifeTime 100 and maxRetransmits 3 are both set");
    }

    @Test
    void negotiatedNeedsAnId() {
        assertThatThrownBy(() -> new DataChannelInit(true, OptionalInt.empty(), OptionalInt.empty(), "", true,
                OptionalInt.empty(), DataChannelPriority.LOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negotiated channel has no id");
        var init = DataChannelInit.DEFAULT.withNegotiatedId(7);
        assertThat(init.negotiated()).isTrue();
        assertThat(init.id()).hasValue(7);
    }

    @Test
    void rangesAreChecked() {
        assertThatThrownBy(() -> DataChannelInit.DEFAULT.withMaxRetransmits(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRetransmits -1 (expected: 0 ~ 65535)");
        assertThatThrownBy(() -> DataChannelInit.DEFAULT.withMaxPacketLifeTime(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPacketLifeTime 65536 (expected: 0 ~ 65535)");
        assertThatThrownBy(() -> DataChannelInit.DEFAULT.withNegotiatedId(65535))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("id 65535 (expected: 0 ~ 65534)");
        assertThatThrownBy(() -> DataChannelInit.DEFAULT.withProtocol("x".repeat(65536)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol of 65536 UTF-8 bytes");
        assertThat(DataChannelInit.DEFAULT.withNegotiatedId(65534).id()).hasValue(65534);
        assertThat(DataChannelInit.DEFAULT.withMaxRetransmits(0).maxRetransmits()).hasValue(0);
    }

    @Test
    void channelTypeFollowsTheSettings() {
        assertThat(DataChannelInit.DEFAULT.withOrdered(false).channelType()).isEqualTo(ChannelType.RELIABLE_UNORDERED);
        assertThat(DataChannelInit.DEFAULT.withMaxRetransmits(0).channelType())
                .isEqualTo(ChannelType.PARTIAL_RELIABLE_REXMIT);
        assertThat(DataChannelInit.DEFAULT.withOrdered(false).withMaxPacketLifeTime(10).channelType())
                .isEqualTo(ChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED);
    }

    @Test
    void peerSettingsAreReadFromItsOpen() {
        var init = DataChannel.initOf(new DcepMessage.Open(ChannelType.PARTIAL_RELIABLE_TIMED_UNORDERED, 512,
                0xFFFF_FFFFL, "l", "p"));
        assertThat(init.ordered()).isFalse();
        assertThat(init.maxPacketLifeTime()).hasValue(65535);
        assertThat(init.maxRetransmits()).isEmpty();
        assertThat(init.protocol()).isEqualTo("p");
        assertThat(init.priority()).isEqualTo(DataChannelPriority.MEDIUM);
        var reliable = DataChannel.initOf(new DcepMessage.Open(ChannelType.RELIABLE, 0, 99, "l", ""));
        assertThat(reliable.maxRetransmits()).isEmpty();
        assertThat(reliable.maxPacketLifeTime()).isEmpty();
        assertThat(reliable.priority()).isEqualTo(DataChannelPriority.VERY_LOW);
    }
}
