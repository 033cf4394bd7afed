package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtc4j.dtls.DtlsCertificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.srtp.SrtpProfile;

/**
 * rtc4j's DTLS client against {@code openssl s_server -dtls1_2 -use_srtp}, over real UDP on
 * loopback: the handshake completes, both sides export the same {@code EXTRACTOR-dtls_srtp}
 * keying material (RFC 5764 §4.2; openssl prints its own with {@code -keymatexport}), application
 * data reaches openssl, and close_notify ends the session (openssl prints {@code DONE}).
 */
class OpensslDtlsInteropTest {
    private static final String INSTALL = "openssl (apt-get install openssl)";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");

    private static Path dir;
    private static String serverFingerprint;
    private static ExecutorService executor;

    @BeforeAll
    static void serverCertificate() throws Exception {
        dir = Files.createTempDirectory("rtc4j-openssl-dtls");
        ExternalPeer.Result r = ExternalPeer.run(INSTALL, Duration.ofSeconds(30), "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-subj", "/CN=openssl-interop", "-days", "1");
        assertThat(r.exitCode()).as(r.output()).isZero();
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            serverFingerprint = DtlsCertificate.fingerprint(cert.getEncoded());
        }
        executor = DtlsEndpoint.newHandshakeExecutor();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        executor.shutdownNow();
        for (String f : List.of("key.pem", "cert.pem")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir);
    }

    @ParameterizedTest
    @CsvSource({
        "SRTP_AES128_CM_SHA1_80, AES_CM_128_HMAC_SHA1_80, 60",
        "SRTP_AEAD_AES_128_GCM, AEAD_AES_128_GCM, 56",
        "SRTP_AEAD_AES_256_GCM, AEAD_AES_256_GCM, 88",
    })
    void clientAgainstOpensslServer(String opensslProfile, SrtpProfile profile, int length) throws Exception {
        int port = ExternalPeer.freeUdpPort();
        List<String> command = List.of("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-verify", "1",
                "-use_srtp", opensslProfile, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", Integer.toString(length));
        try (ExternalPeer openssl = ExternalPeer.start(INSTALL, command);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            waitFor(() -> openssl.output().contains("ACCEPT") || !openssl.isAlive(), openssl);
            assertThat(openssl.isAlive()).as(openssl.output()).isTrue();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(5);

            DtlsCertificate local = DtlsCertificate.generate();
            DtlsEndpoint client = DtlsEndpoint.create(DtlsRole.CLIENT, local, serverFingerprint, DtlsConfig.DEFAULT, executor, null);
            List<DtlsEvent> events = new ArrayList<>();
            long start = System.nanoTime();
            client.start(Instant.now());
            drive(client, socket, events, () -> events.stream().anyMatch(e -> !(e instanceof DtlsEvent.ApplicationData)), openssl);
            DtlsEvent.Connected connected = events.stream().filter(DtlsEvent.Connected.class::isInstance)
                    .map(DtlsEvent.Connected.class::cast).findFirst()
                    .orElseThrow(() -> new AssertionError("events " + events + "\nopenssl:\n" + openssl.output()));
            System.out.println("DTLS handshake with openssl over UDP: " + (System.nanoTime() - start) / 1_000_000 + " ms");

            assertThat(connected.keyingMaterial().profile()).isEqualTo(profile);
            waitFor(() -> KEYING.matcher(openssl.output()).find(), openssl);
            Matcher m = KEYING.matcher(openssl.output());
            assertThat(m.find()).isTrue();
            assertThat(HexFormat.of().formatHex(connected.keyingMaterial().exported()))
                    .isEqualToIgnoringCase(m.group(1));

            client.send("hello from rtc4j\n".getBytes(StandardCharsets.UTF_8));
            drive(client, socket, events, () -> openssl.output().contains("hello from rtc4j"), openssl);

            client.close();
            drive(client, socket, events, () -> openssl.output().contains("DONE"), openssl);
            assertThat(events).noneMatch(DtlsEvent.Failed.class::isInstance);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "SRTP_AES128_CM_SHA1_80, AES_CM_128_HMAC_SHA1_80, 60",
        "SRTP_AEAD_AES_128_GCM, AEAD_AES_128_GCM, 56",
    })
    void serverAgainstOpensslClient(String opensslProfile, SrtpProfile profile, int length) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5);
            DtlsCertificate local = DtlsCertificate.generate();
            // the openssl client presents the same certificate as the server tests use
            DtlsEndpoint server = DtlsEndpoint.create(DtlsRole.SERVER, local, serverFingerprint, DtlsConfig.DEFAULT, executor, null);
            server.start(Instant.now());
            List<String> command = List.of("openssl", "s_client", "-dtls1_2", "-connect", "127.0.0.1:" + socket.getLocalPort(),
                    "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(),
                    "-use_srtp", opensslProfile, "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", Integer.toString(length));
            try (ExternalPeer openssl = ExternalPeer.start(INSTALL, command)) {
                List<DtlsEvent> events = new ArrayList<>();
                drive(server, socket, events, () -> !events.isEmpty(), openssl);
                DtlsEvent.Connected connected = events.stream().filter(DtlsEvent.Connected.class::isInstance)
                        .map(DtlsEvent.Connected.class::cast).findFirst()
                        .orElseThrow(() -> new AssertionError("events " + events + "\nopenssl:\n" + openssl.output()));
                assertThat(connected.keyingMaterial().profile()).isEqualTo(profile);
                assertThat(connected.remoteFingerprint()).isEqualTo(serverFingerprint);
                waitFor(() -> KEYING.matcher(openssl.output()).find(), openssl);
                Matcher m = KEYING.matcher(openssl.output());
                assertThat(m.find()).isTrue();
                assertThat(HexFormat.of().formatHex(connected.keyingMaterial().exported())).isEqualToIgnoringCase(m.group(1));

                server.send("hello from the rtc4j server\n".getBytes(StandardCharsets.UTF_8));
                drive(server, socket, events, () -> openssl.output().contains("hello from the rtc4j server"), openssl);
                server.close();
                drive(server, socket, events, () -> openssl.output().contains("DONE") || !openssl.isAlive(), openssl);
                assertThat(events).noneMatch(DtlsEvent.Failed.class::isInstance);
            }
        }
    }

    /**
     * Moves datagrams between the endpoint and the socket, and collects events, until {@code done}
     * holds; fails after {@link #WAIT}. A socket read waits at most 5 ms, then the endpoint gets
     * {@code handleTimeout}.
     */
    private static void drive(DtlsEndpoint endpoint, DatagramSocket socket, List<DtlsEvent> events, BooleanSupplier done,
                              ExternalPeer peer) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        byte[] buf = new byte[4096];
        while (true) {
            Optional<byte[]> out;
            while ((out = endpoint.pollTransmit()).isPresent()) {
                socket.send(new DatagramPacket(out.get(), out.get().length));
            }
            Optional<DtlsEvent> e;
            while ((e = endpoint.pollEvent()).isPresent()) {
                events.add(e.get());
            }
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; events " + events + "; peer output:\n" + peer.output());
            }
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
                if (!socket.isConnected()) {
                    socket.connect(packet.getSocketAddress()); // a server learns its peer from the first datagram
                }
                byte[] data = new byte[packet.getLength()];
                System.arraycopy(buf, 0, data, 0, data.length);
                endpoint.handleReceive(Instant.now(), data);
            } catch (SocketTimeoutException | PortUnreachableException idle) {
                endpoint.handleTimeout(Instant.now());
            }
        }
    }

    /** Polls a condition on the peer's output; the peer is an external process, so there is no event to wait on. */
    private static void waitFor(BooleanSupplier condition, ExternalPeer peer) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; peer output:\n" + peer.output());
            }
            Thread.sleep(10);
        }
    }
}
