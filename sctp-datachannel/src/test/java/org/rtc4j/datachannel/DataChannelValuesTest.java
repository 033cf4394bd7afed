package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataChannelValuesTest {
    @Test
    void statesPrintTheW3cStrings() {
        assertThat(DataChannelState.CONNECTING).hasToString("connecting");
        assertThat(DataChannelState.OPEN).hasToString("open");
        assertThat(DataChannelState.CLOSING).hasToString("closing");
        assertThat(DataChannelState.CLOSED).hasToString("closed");
        assertThat(DataChannelError.Detail.SCTP_FAILURE).hasToString("sctp-failure");
        assertThat(DataChannelPriority.VERY_LOW).hasToString("very-low");
    }

    @Test
    void priorityMapsDcepValues() {
        assertThat(DataChannelPriority.fromDcep(0)).isEqualTo(DataChannelPriority.VERY_LOW);
        assertThat(DataChannelPriority.fromDcep(256)).isEqualTo(DataChannelPriority.LOW);
        assertThat(DataChannelPriority.fromDcep(1023)).isEqualTo(DataChannelPriority.MEDIUM);
        assertThat(DataChannelPriority.fromDcep(65535)).isEqualTo(DataChannelPriority.HIGH);
        for (DataChannelPriority p : DataChannelPriority.values()) {
            assertThat(DataChannelPriority.fromDcep(p.dcepValue())).isEqualTo(p);
        }
    }

    @Test
    void messagesCompareBytesAndDecodeText() {
        var a = DataChannelMessage.ofText("héllo");
        assertThat(a.text()).isEqualTo("héllo");
        assertThat(a.binary()).isFalse();
        assertThat(a.size()).isEqualTo(6);
        assertThat(a).isEqualTo(DataChannelMessage.ofText("héllo")).isNotEqualTo(DataChannelMessage.ofBinary(a.data()));
        byte[] raw = {1, 2};
        var b = DataChannelMessage.ofBinary(raw);
        raw[0] = 9;
        assertThat(b.data()).containsExactly(1, 2);
        assertThat(DataChannelMessage.empty(true).size()).isZero();
        assertThat(b).hasToString("DataChannelMessage[binary, 2 bytes]");
    }
}
