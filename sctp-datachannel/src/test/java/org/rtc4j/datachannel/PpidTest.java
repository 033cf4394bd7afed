package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PpidTest {
    @Test
    void classifiesTheRfc8831Identifiers() {
        assertThat(Ppid.forMessage(false, 3)).isEqualTo(51);
        assertThat(Ppid.forMessage(true, 3)).isEqualTo(53);
        assertThat(Ppid.forMessage(false, 0)).isEqualTo(56);
        assertThat(Ppid.forMessage(true, 0)).isEqualTo(57);
        for (long p : new long[] {51, 52, 56}) {
            assertThat(Ppid.isText(p)).isTrue();
            assertThat(Ppid.isBinary(p)).isFalse();
        }
        for (long p : new long[] {53, 54, 57}) {
            assertThat(Ppid.isBinary(p)).isTrue();
            assertThat(Ppid.isUserMessage(p)).isTrue();
        }
        assertThat(Ppid.isUserMessage(Ppid.DCEP)).isFalse();
        assertThat(Ppid.isUserMessage(55)).isFalse();
        assertThat(Ppid.isEmpty(56)).isTrue();
        assertThat(Ppid.isEmpty(51)).isFalse();
    }
}
