package org.rtc4j.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StunMessageTypeTest {
    @Test
    void knownTypesHaveTheirRfcCodes() {
        assertThat(StunMessageType.BINDING_REQUEST.encode()).isEqualTo(0x0001);
        assertThat(StunMessageType.BINDING_INDICATION.encode()).isEqualTo(0x0011);
        assertThat(StunMessageType.BINDING_SUCCESS.encode()).isEqualTo(0x0101);
        assertThat(StunMessageType.BINDING_ERROR.encode()).isEqualTo(0x0111);
        assertThat(StunMessageType.of(StunClass.REQUEST, StunMethod.ALLOCATE).encode()).isEqualTo(0x0003);
        assertThat(StunMessageType.of(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE).encode()).isEqualTo(0x0103);
        assertThat(StunMessageType.of(StunClass.INDICATION, StunMethod.SEND).encode()).isEqualTo(0x0016);
        assertThat(StunMessageType.of(StunClass.INDICATION, StunMethod.DATA).encode()).isEqualTo(0x0017);
        assertThat(StunMessageType.of(StunClass.ERROR_RESPONSE, StunMethod.CHANNEL_BIND).encode()).isEqualTo(0x0119);
    }

    @Test
    void everyFourteenBitValueRoundTrips() {
        for (int bits = 0; bits <= 0x3FFF; bits++) {
            assertThat(StunMessageType.decode(bits).encode()).isEqualTo(bits);
        }
    }

    @Test
    void unknownMethodsAreValuesNotErrors() {
        StunMethod m = StunMethod.of(0xABC);
        assertThat(m.isKnown()).isFalse();
        assertThat(m).isEqualTo(StunMethod.of(0xABC));
        assertThat(m.toString()).isEqualTo("Method(0xabc)");
        assertThatThrownBy(() -> StunMethod.of(0x1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 0 ~ 0xFFF");
    }

    @Test
    void unknownAttributeTypesAreValues() {
        StunAttributeType required = StunAttributeType.of(0x7F00);
        StunAttributeType optional = StunAttributeType.of(0xFF00);
        assertThat(required.isKnown()).isFalse();
        assertThat(required.isComprehensionRequired()).isTrue();
        assertThat(optional.isComprehensionRequired()).isFalse();
        assertThat(StunAttributeType.of(0x0020)).isSameAs(StunAttributeType.XOR_MAPPED_ADDRESS);
        assertThatThrownBy(() -> StunAttributeType.of(0x10000)).isInstanceOf(IllegalArgumentException.class);
    }
}
