package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSLKEYLOGFILE output: both ends log the same well-formed line, and the logged master secret
 * is the real one, shown by deriving the SRTP keying material from it independently of Bouncy Castle.
 */
class DtlsKeyLogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static DtlsCertificate clientCert;
    private static DtlsCertificate serverCert;

    @BeforeAll
    static void certificates() {
        clientCert = DtlsCertificate.generate();
        serverCert = DtlsCertificate.generate();
    }

    @Test
    void bothEndsLogTheSameLineAndItDerivesTheExportedSrtpKeys() throws Exception {
        List<String> clientLines = new CopyOnWriteArrayList<>();
        List<String> serverLines = new CopyOnWriteArrayList<>();
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), DtlsConfig.DEFAULT.withKeyLog(clientLines::add),
                serverCert, clientCert.fingerprint(), DtlsConfig.DEFAULT.withKeyLog(serverLines::add));
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT)).isTrue();
            assertThat(clientLines).hasSize(1);
            assertThat(serverLines).isEqualTo(clientLines);
            String line = clientLines.get(0);
            assertThat(line).matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}");

            DtlsEvent.Connected connected = DtlsPair.find(pair.clientEvents, DtlsEvent.Connected.class).orElseThrow();
            assertThat(connected.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
            String[] fields = line.split(" ");
            byte[] clientRandom = HexFormat.of().parseHex(fields[1]);
            byte[] masterSecret = HexFormat.of().parseHex(fields[2]);
            byte[] exported = connected.keyingMaterial().exported();
            // RFC 5705 §4 without context: PRF(master_secret, label, client_random + server_random).
            // The server random is not in the key log: find it in the server's first flight.
            byte[] serverRandom = pair.serverRandom;
            assertThat(serverRandom).as("server random seen by the pump").isNotNull();
            byte[] derived = prfSha256(masterSecret, "EXTRACTOR-dtls_srtp", concat(clientRandom, serverRandom), exported.length);
            assertThat(derived).isEqualTo(exported);
            assertThat(pair.clientRandom).isEqualTo(clientRandom);
        }
    }

    @Test
    void offByDefault() {
        assertThat(DtlsConfig.DEFAULT.keyLog()).isNull();
        assertThat(DtlsConfig.DEFAULT.withKeyLog(line -> { }).withMtu(1000).keyLog()).isNotNull();
    }

    @Test
    void aFailingKeyLogDoesNotBreakTheHandshake() throws Exception {
        DtlsConfig broken = DtlsConfig.DEFAULT.withKeyLog(line -> {
            throw new IllegalStateException("disk full");
        });
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(), broken);
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT))
                    .as("client %s server %s", pair.clientEvents, pair.serverEvents).isTrue();
        }
    }

    @Test
    void appendingToWritesWholeLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.log");
        DtlsKeyLog log = DtlsKeyLog.appendingTo(file);
        DtlsPair pair = new DtlsPair(clientCert, serverCert.fingerprint(), serverCert, clientCert.fingerprint(),
                DtlsConfig.DEFAULT.withKeyLog(log));
        try (pair) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents), WAIT)).isTrue();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertThat(lines).hasSize(2).allMatch(l -> l.matches("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}"));
        assertThat(lines.get(0)).isEqualTo(lines.get(1));
        assertThat(Files.readString(file)).endsWith("\n");
    }

    @Test
    void lineFormat() {
        byte[] random = new byte[32];
        byte[] master = new byte[48];
        random[0] = (byte) 0xab;
        master[47] = 0x0f;
        assertThat(DtlsKeyLog.clientRandomLine(random, master))
                .isEqualTo("CLIENT_RANDOM ab" + "00".repeat(31) + " " + "00".repeat(47) + "0f");
        assertThatThrownBy(() -> DtlsKeyLog.clientRandomLine(new byte[31], master)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The TLS 1.2 PRF with SHA-256 (RFC 5246 §5): P_SHA256(secret, label + seed). */
    static byte[] prfSha256(byte[] secret, String label, byte[] seed, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] a = labelSeed;
        while (out.size() < length) {
            a = mac.doFinal(a);
            mac.update(a);
            out.write(mac.doFinal(labelSeed));
        }
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
