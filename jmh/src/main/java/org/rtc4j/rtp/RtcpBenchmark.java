package org.rtc4j.rtp;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RTCP: {@code compoundDecode} decodes a compound of RR (one block), SDES CNAME, a generic NACK, REMB
 * and a transport-wide feedback covering 100 packets into values; {@code compoundWalk} only frames it
 * in place with {@link RtcpReader}; {@code twccBuild} builds the feedback for 100 packets (a few lost,
 * deltas of 0 ~ 6 ms) with {@link TransportFeedbackWriter} into a reused buffer.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar RtcpBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RtcpBenchmark {
    private final TransportFeedbackWriter twcc = new TransportFeedbackWriter(1024);
    private final RtcpReader reader = new RtcpReader();
    private final byte[] out = new byte[1500];
    private final long[] arrivals = new long[100];
    private final boolean[] lost = new boolean[100];
    private byte[] compound;

    @Setup
    public void setup() throws RtpException {
        long t = 1_000_000_000L;
        for (int i = 0; i < 100; i++) {
            t += (i * 37 % 25) * 250;
            arrivals[i] = t;
            lost[i] = i % 17 == 5;
        }
        int n = twccBuild();
        TransportFeedback fb = (TransportFeedback) RtcpPacket.decode(out, 0, n).get(0);
        compound = RtcpPacket.encode(List.of(
                new ReceiverReport(1, List.of(new ReportBlock(2, 5, 100, 70000, 30, 0x12345678L, 0x10000))),
                SourceDescription.cname(1, "rtc4j-benchmark-cname"),
                GenericNack.of(1, 2, 100, 102, 117),
                ReceiverEstimatedMaxBitrate.of(1, 2_500_000, List.of(2L)),
                fb));
    }

    @Benchmark
    public int twccBuild() {
        twcc.begin(1, 2, 7);
        for (int i = 0; i < 100; i++) {
            if (!lost[i]) {
                twcc.add(1000 + i, arrivals[i]);
            }
        }
        return twcc.write(out, 0);
    }

    @Benchmark
    public List<RtcpPacket> compoundDecode() throws RtpException {
        return RtcpPacket.decode(compound, 0, compound.length);
    }

    @Benchmark
    public long compoundWalk() throws RtpException {
        reader.reset(compound, 0, compound.length);
        long sum = 0;
        while (reader.next()) {
            sum += reader.packetType() + reader.ssrc();
        }
        return sum;
    }
}
