package org.rtc4j.stun;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The STUN work of an ICE agent answering a connectivity check, rtc4j and ice4j side by side: decode
 * a Chromium Binding request and verify its FINGERPRINT and MESSAGE-INTEGRITY ({@code decodeVerify_*}),
 * and encode the Binding success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT
 * ({@code encodeResponse_*}).
 *
 * <p>Each library does it the way it is meant to be used on a hot path: rtc4j with a reused
 * {@link StunKey} and a reused {@link StunWriter} into a reused buffer; ice4j through its
 * {@code StunStack} (see {@link Ice4jResponder}). The setup checks that both accept the request,
 * both reject corrupted copies, and both encode the same response bytes, so the two sides do the
 * same work. ice4j's SOFTWARE attribute is switched off for that reason.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar StunCodec -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class StunCodecBenchmark {
    static {
        // ice4j adds SOFTWARE to everything it encodes unless this is empty; rtc4j adds none.
        System.setProperty("ice4j.software", "");
        // ice4j's configuration logs at INFO through java.util.logging, into the middle of the results.
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
    }

    private byte[] request;
    private StunKey key;
    private StunWriter writer;
    private byte[] out;
    private Ice4jResponder ice4j;
    private Request ice4jRequest;

    /** Encodes the request once and checks that both libraries agree on everything measured. */
    @Setup(Level.Trial)
    public void setUp() {
        request = IceCheck.request();
        key = StunKey.shortTerm(IceCheck.PASSWORD);
        writer = new StunWriter();
        out = new byte[1500];
        ice4j = new Ice4jResponder(IceCheck.LOCAL_UFRAG, IceCheck.PASSWORD, IceCheck.LOCAL, IceCheck.PEER);

        check(rtc4jAccepts(request), "rtc4j rejects the request " + IceCheck.hex(request));
        Message received = ice4j.receive(request, request.length);
        check(received instanceof Request, "ice4j rejects the request " + IceCheck.hex(request));
        ice4jRequest = (Request) received;
        for (byte[] bad : new byte[][] {IceCheck.withUsernameBitFlipped(request), IceCheck.withFingerprintBitFlipped(request)}) {
            check(!rtc4jAccepts(bad), "rtc4j accepts a corrupted request " + IceCheck.hex(bad));
            check(ice4j.receive(bad, bad.length) == null, "ice4j accepts a corrupted request " + IceCheck.hex(bad));
        }

        byte[] ours = Arrays.copyOf(out, encodeResponse_rtc4j());
        byte[] theirs = ice4j.successResponse(ice4jRequest, IceCheck.LOCAL_UFRAG);
        check(Arrays.equals(ours, theirs),
                "the responses differ: rtc4j " + IceCheck.hex(ours) + ", ice4j " + IceCheck.hex(theirs));
        check(rtc4jAccepts(theirs), "rtc4j rejects ice4j's response " + IceCheck.hex(theirs));
    }

    /** Shuts ice4j's stack down. */
    @TearDown(Level.Trial)
    public void tearDown() {
        ice4j.shutDown();
    }

    /** rtc4j: decode the request, check FINGERPRINT and MESSAGE-INTEGRITY. */
    @Benchmark
    public void decodeVerify_rtc4j(Blackhole bh) throws StunException {
        StunMessage message = StunMessage.decode(request, 0, request.length);
        bh.consume(message.isFingerprintValid() && message.isIntegrityValid(key));
        bh.consume(message);
    }

    /** ice4j: decode the request (which checks FINGERPRINT) and check MESSAGE-INTEGRITY as its stack does. */
    @Benchmark
    public void decodeVerify_ice4j(Blackhole bh) {
        bh.consume(ice4j.receive(request, request.length));
    }

    /** rtc4j: write the success response into a reused buffer with a reused writer; returns its length. */
    @Benchmark
    public int encodeResponse_rtc4j() {
        return writer.begin(out, 0, StunMessageType.BINDING_SUCCESS, IceCheck.TRANSACTION_ID)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, IceCheck.PEER)
                .messageIntegrity(key)
                .fingerprint()
                .finish();
    }

    /** ice4j: build the success response and encode it, as its ConnectivityCheckServer does. */
    @Benchmark
    public byte[] encodeResponse_ice4j() {
        return ice4j.successResponse(ice4jRequest, IceCheck.LOCAL_UFRAG);
    }

    private boolean rtc4jAccepts(byte[] message) {
        try {
            StunMessage m = StunMessage.decode(message, 0, message.length);
            return m.isFingerprintValid() && m.isIntegrityValid(key);
        } catch (StunException e) {
            return false;
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
