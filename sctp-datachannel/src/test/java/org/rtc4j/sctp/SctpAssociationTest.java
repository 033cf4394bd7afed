package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SctpAssociationTest {
    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void bothConnectAndExchangeMessages() {
        SctpPair pair = new SctpPair(1, SimulatedLink.Conditions.PERFECT).connectBoth();
        assertThat(SctpPair.of(pair.eventsA, SctpEvent.Connected.class)).hasSize(1);
        assertThat(SctpPair.of(pair.eventsB, SctpEvent.Connected.class)).hasSize(1);
        assertThat(pair.a.zeroChecksumInUse()).isTrue();
        pair.a.send(pair.now(), 1, 51, bytes(10, 1), 0, 10, SendOptions.RELIABLE);
        pair.b.send(pair.now(), 2, 53, bytes(5000, 2), 0, 5000, SendOptions.RELIABLE);
        pair.runUntil(() -> pair.messages(pair.eventsB).size() == 1 && pair.messages(pair.eventsA).size() == 1, Duration.ofSeconds(5));
        SctpEvent.Message atB = pair.messages(pair.eventsB).get(0);
        assertThat(atB.streamId()).isEqualTo(1);
        assertThat(atB.ppid()).isEqualTo(51);
        assertThat(atB.data()).isEqualTo(bytes(10, 1));
        SctpEvent.Message atA = pair.messages(pair.eventsA).get(0);
        assertThat(atA.data()).isEqualTo(bytes(5000, 2));
    }

    @Test
    void reliableOrderedOverALossyReorderingLink() {
        reliableOrdered(new SctpPair(7, SimulatedLink.Conditions.of(100, 20, 0.10, 0.02, 0)).connectBoth());
    }

    /** The harshest path: 200 ms one way, 50 ms jitter (reordering), 10 % loss, 5 % duplication. */
    @Test
    void reliableOrderedOverALongLossyPath() {
        reliableOrdered(new SctpPair(8, SimulatedLink.Conditions.of(200, 50, 0.10, 0.05, 0)).connectBoth());
    }

    private static void reliableOrdered(SctpPair pair) {
        int count = 300;
        for (int i = 0; i < count; i++) {
            int size = 1 + (i * 7919) % 20000;
            pair.a.send(pair.now(), i % 3, 53, bytes(size, i), 0, size, SendOptions.RELIABLE);
        }
        boolean done = pair.runUntil(() -> pair.messages(pair.eventsB).size() == count, Duration.ofMinutes(5));
        assertThat(done).as("all delivered; stats %s", pair.a.stats()).isTrue();
        List<SctpEvent.Message> got = pair.messages(pair.eventsB);
        for (int s = 0; s < 3; s++) {
            final int stream = s;
            List<SctpEvent.Message> onStream = got.stream().filter(m -> m.streamId() == stream).toList();
            int expect = stream;
            for (SctpEvent.Message m : onStream) {
                int size = 1 + (expect * 7919) % 20000;
                assertThat(m.data()).isEqualTo(bytes(size, expect));
                expect += 3;
            }
            assertThat(expect / 3).isEqualTo((count - stream + 2) / 3);
        }
        assertThat(pair.a.stats().retransmissions()).isGreaterThan(0);
    }
}
