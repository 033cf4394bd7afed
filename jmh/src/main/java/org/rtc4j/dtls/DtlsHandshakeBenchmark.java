package org.rtc4j.dtls;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one-off costs of DTLS-SRTP, sampled (JMH {@code SampleTime}, so the output has the median, p90
 * and p99 per operation):
 * <ul>
 *   <li>{@code generateEcdsaCertificate}: a self-signed ECDSA P-256 {@link DtlsCertificate}, as
 *       {@code RTCPeerConnection.generateCertificate} makes one (key pair, signature, fingerprint).
 *   <li>{@code handshake}: a client and a server {@link DtlsEndpoint} in one process, from
 *       {@code start} until both report {@link DtlsEvent.Connected}: two round trips of flights through
 *       an in-memory pump, ECDHE, both certificates checked against their fingerprints, the SRTP keys
 *       exported. The certificates are made once, as a browser reuses its certificate. The handshake
 *       runs on the endpoints' executor threads and the pump on the benchmark thread, as a driver
 *       would run it; no network, so this is the CPU and thread hand-off cost of a handshake.
 * </ul>
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar DtlsHandshakeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DtlsHandshakeBenchmark {
    private final SecureRandom random = new SecureRandom();
    private DtlsCertificate clientCert;
    private DtlsCertificate serverCert;
    private ExecutorService executor;
    private final Semaphore wakeups = new Semaphore(0);

    @Setup(Level.Trial)
    public void setUp() {
        clientCert = DtlsCertificate.generate();
        serverCert = DtlsCertificate.generate();
        executor = DtlsEndpoint.newHandshakeExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    @Benchmark
    public DtlsCertificate generateEcdsaCertificate() {
        return DtlsCertificate.generate(Instant.now(), random);
    }

    @Benchmark
    public int handshake() throws InterruptedException {
        DtlsEndpoint client = DtlsEndpoint.create(DtlsRole.CLIENT, clientCert, serverCert.fingerprint(), DtlsConfig.DEFAULT,
                executor, wakeups::release);
        DtlsEndpoint server = DtlsEndpoint.create(DtlsRole.SERVER, serverCert, clientCert.fingerprint(), DtlsConfig.DEFAULT,
                executor, wakeups::release);
        server.start(Instant.now());
        client.start(Instant.now());
        boolean clientDone = false;
        boolean serverDone = false;
        int datagrams = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(clientDone && serverDone)) {
            boolean moved = false;
            Optional<byte[]> t;
            while ((t = client.pollTransmit()).isPresent()) {
                server.handleReceive(Instant.now(), t.get());
                datagrams++;
                moved = true;
            }
            while ((t = server.pollTransmit()).isPresent()) {
                client.handleReceive(Instant.now(), t.get());
                datagrams++;
                moved = true;
            }
            clientDone |= connected(client);
            serverDone |= connected(server);
            if (!moved && !(clientDone && serverDone)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no handshake within 10 s");
                }
                wakeups.tryAcquire(10, TimeUnit.MILLISECONDS); // woken by the handshake threads' output
            }
        }
        client.close();
        server.close();
        wakeups.drainPermits();
        return datagrams;
    }

    private static boolean connected(DtlsEndpoint e) {
        Optional<DtlsEvent> ev;
        boolean done = false;
        while ((ev = e.pollEvent()).isPresent()) {
            if (ev.get() instanceof DtlsEvent.Failed f) {
                throw new IllegalStateException("handshake failed: " + f.reason());
            }
            done |= ev.get() instanceof DtlsEvent.Connected;
        }
        return done;
    }
}
