package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of {@link DtlsEndpoint#handleReceive} on a connected server: whatever the
 * datagram, nothing is thrown, the datagram is counted, and a genuine record from the client is still
 * delivered afterwards. One pair is connected for the whole run (a handshake per input would be far
 * too slow); it is replaced only if an input ended it, and then the input must have been counted as
 * what ended it.
 *
 * <p>Replay: {@code mvn -pl dtls-srtp test}. Fuzz: {@code JAZZER_FUZZ=1 mvn -pl dtls-srtp test
 * -Dtest='DtlsReceiveFuzzTest#receiveAnything'}.
 */
class DtlsReceiveFuzzTest {
    private static final byte[] GENUINE = "genuine".getBytes(StandardCharsets.UTF_8);
    private static DtlsCertificate clientCert;
    private static DtlsCertificate serverCert;
    private static DtlsPair pair;
    private static long inputs;

    private static DtlsPair connected() throws InterruptedException {
        if (pair != null && pair.server.isConnected() && pair.client.isConnected()) {
            return pair;
        }
        if (pair != null) {
            pair.close();
        }
        if (clientCert == null) {
            clientCert = DtlsCertificate.generate();
            serverCert = DtlsCertificate.generate();
        }
        pair = DtlsPair.of(clientCert, serverCert);
        pair.start();
        assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents),
                Duration.ofSeconds(20))).isTrue();
        pair.clientEvents.clear();
        pair.serverEvents.clear();
        return pair;
    }

    @FuzzTest(maxDuration = "30s")
    void receiveAnything(byte[] input) throws Exception {
        DtlsPair p = connected();
        DtlsStats before = p.server.stats();
        p.server.handleReceive(Instant.now(), input.clone());
        inputs++;
        DtlsStats after = p.server.stats();
        assertThat(after.datagramsReceived()).isEqualTo(before.datagramsReceived() + 1);
        drain(p.server);
        if (!p.server.isConnected()) {
            return; // an input may only end the association as a counted event; the next input gets a new pair
        }
        // A genuine record still arrives, with the same bytes.
        p.client.send(GENUINE);
        byte[] record = p.client.pollTransmit().orElseThrow();
        p.server.handleReceive(Instant.now(), record);
        Optional<DtlsEvent> e;
        boolean delivered = false;
        while ((e = p.server.pollEvent()).isPresent()) {
            delivered |= e.get() instanceof DtlsEvent.ApplicationData d && Arrays.equals(d.data(), GENUINE);
        }
        assertThat(delivered).as("a genuine record after input %d", inputs).isTrue();
    }

    private static void drain(DtlsEndpoint endpoint) {
        while (endpoint.pollTransmit().isPresent()) {
            // retransmissions the input provoked go nowhere
        }
        while (endpoint.pollEvent().isPresent()) {
            // events are checked through the state
        }
    }
}
