package org.rtc4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.rtc4j.stun.StunMessageBuilder;
import org.rtc4j.stun.StunMessageType;
import org.rtc4j.stun.TransactionId;

/**
 * Debian's coturn ({@code turnserver}) on loopback for interop tests: long-term credentials
 * ({@link #USER}/{@link #PASSWORD} in {@link #REALM}), relays on 127.0.0.1 with loopback peers allowed,
 * UDP and TCP on one port and optionally TLS on another with a fresh self-signed certificate. Started
 * and awaited by polling, killed and cleaned up on close.
 */
final class Coturn implements AutoCloseable {
    static final String REALM = "rtc4j.test";
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExternalPeer process;
    private final Path dir;
    /** UDP and TCP. */
    final InetSocketAddress plain;
    /** TLS, or null. */
    final InetSocketAddress tls;
    /** Trusts the TLS certificate, or null. */
    final SSLContext trust;

    private Coturn(ExternalPeer process, Path dir, InetSocketAddress plain, InetSocketAddress tls, SSLContext trust) {
        this.process = process;
        this.dir = dir;
        this.plain = plain;
        this.tls = tls;
        this.trust = trust;
    }

    /** Starts coturn, with TLS if asked, plus {@code extra} command-line options, and waits until it answers. */
    static Coturn start(boolean withTls, List<String> extra) throws Exception {
        Path dir = Files.createTempDirectory("rtc4j-coturn");
        InetSocketAddress plain = new InetSocketAddress(LOOPBACK, freeUdpAndTcpPort());
        List<String> command = new ArrayList<>(List.of("turnserver", "-n", "--listening-ip=127.0.0.1",
                "--listening-port=" + plain.getPort(), "--relay-ip=127.0.0.1", "--min-port=49152", "--max-port=65535",
                "--lt-cred-mech", "--user=" + USER + ":" + PASSWORD, "--realm=" + REALM, "--no-dtls", "--no-cli",
                "--log-file=stdout", "--simple-log", "--userdb=" + dir.resolve("turndb"),
                "--pidfile=" + dir.resolve("turnserver.pid"),
                // coturn refuses 127.0.0.0/8 peers with 403 without this
                "--allow-loopback-peers", "--cli-password=x"));
        InetSocketAddress tls = null;
        SSLContext trust = null;
        if (withTls) {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            ExternalPeer.Result openssl = ExternalPeer.run("the Debian package openssl", Duration.ofSeconds(60), "openssl", "req",
                    "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
            if (openssl.exitCode() != 0) {
                throw new AssertionError("openssl req failed:\n" + openssl.output());
            }
            trust = sslContextTrusting(cert);
            tls = new InetSocketAddress(LOOPBACK, freeUdpAndTcpPort());
            command.addAll(List.of("--tls-listening-port=" + tls.getPort(), "--cert=" + cert, "--pkey=" + key));
        } else {
            command.add("--no-tls");
        }
        command.addAll(extra);
        ExternalPeer process = ExternalPeer.start("the Debian package coturn", command);
        Coturn coturn = new Coturn(process, dir, plain, tls, trust);
        try {
            coturn.await();
        } catch (IOException | RuntimeException | Error e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    /** What coturn printed so far. */
    String output() {
        return process.output();
    }

    /** Polls until coturn answers a Binding on UDP and accepts connections on its TCP ports. */
    private void await() throws IOException {
        Instant deadline = Instant.now().plusSeconds(15);
        try (DatagramChannel probe = DatagramChannel.open(); Selector selector = Selector.open()) {
            probe.bind(new InetSocketAddress(LOOPBACK, 0)).configureBlocking(false);
            probe.register(selector, SelectionKey.OP_READ);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("turnserver exited:\n" + process.output());
                }
                probe.send(ByteBuffer.wrap(StunMessageBuilder.of(StunMessageType.BINDING_REQUEST,
                        TransactionId.random(RANDOM)).encode()), plain);
                if (selector.select(100) > 0 && probe.receive(ByteBuffer.allocate(1500)) != null
                        && accepts(plain) && (tls == null || accepts(tls))) {
                    return;
                }
                selector.selectedKeys().clear();
            }
        }
        throw new AssertionError("turnserver did not answer within 15 s:\n" + process.output());
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static SSLContext sslContextTrusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("coturn", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), RANDOM);
        return context;
    }

    /** A port free on both UDP and TCP a moment ago: coturn listens on both. */
    private static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = ExternalPeer.freeUdpPort();
            try (ServerSocket tcp = new ServerSocket(port, 1, LOOPBACK)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no port free on both UDP and TCP");
    }

    @Override
    public void close() throws IOException {
        process.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
