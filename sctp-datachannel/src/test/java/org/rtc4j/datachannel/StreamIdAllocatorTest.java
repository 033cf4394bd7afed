package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 8832 §6: the DTLS client opens channels on even stream ids, the server on odd ones. */
class StreamIdAllocatorTest {
    @Test
    void clientTakesEvenIdsFromZero() {
        var ids = new StreamIdAllocator(true);
        assertThat(ids.allocate(65535)).isZero();
        assertThat(ids.allocate(65535)).isEqualTo(2);
        assertThat(ids.allocate(65535)).isEqualTo(4);
        assertThat(ids.isOurs(6)).isTrue();
        assertThat(ids.isOurs(7)).isFalse();
    }

    @Test
    void serverTakesOddIdsFromOne() {
        var ids = new StreamIdAllocator(false);
        assertThat(ids.allocate(65535)).isEqualTo(1);
        assertThat(ids.allocate(65535)).isEqualTo(3);
    }

    @Test
    void skipsIdsInUseOfEitherParityAndReusesFreedOnes() {
        var ids = new StreamIdAllocator(true);
        assertThat(ids.reserve(0)).isTrue(); // a negotiated channel
        assertThat(ids.reserve(0)).isFalse();
        assertThat(ids.reserve(1)).isTrue(); // the peer's channel
        assertThat(ids.allocate(65535)).isEqualTo(2);
        assertThat(ids.allocate(65535)).isEqualTo(4);
        ids.release(2);
        assertThat(ids.inUse(2)).isFalse();
        assertThat(ids.allocate(65535)).isEqualTo(2);
    }

    @Test
    void staysBelowTheLimitAndTheHighestId() {
        var client = new StreamIdAllocator(true);
        assertThat(client.allocate(3)).isZero();
        assertThat(client.allocate(3)).isEqualTo(2);
        assertThat(client.allocate(3)).isEqualTo(-1);
        var server = new StreamIdAllocator(false);
        assertThat(server.allocate(1)).isEqualTo(-1);
        for (int i = 0; i < 32767; i++) {
            assertThat(server.allocate(65536)).isEqualTo(2 * i + 1);
        }
        assertThat(server.allocate(65536)).as("65535 is reserved").isEqualTo(-1);
        var evens = new StreamIdAllocator(true);
        for (int i = 0; i < 32768; i++) {
            evens.allocate(65536);
        }
        assertThat(evens.inUse(65534)).isTrue();
        assertThat(evens.allocate(65536)).isEqualTo(-1);
    }
}
