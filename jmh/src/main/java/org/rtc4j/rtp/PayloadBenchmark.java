package org.rtc4j.rtp;

import java.util.SplittableRandom;
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
 * Packetization of a 100 KiB frame into 1200-byte payloads: VP8 (87 packets with a 4-byte descriptor)
 * and H.264 (an SPS and PPS aggregated in a STAP-A, then FU-A fragments of one 100 KiB IDR slice).
 * Each operation packetizes the whole frame into a reused buffer; GB/s = 102400 B x ops/s.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar PayloadBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PayloadBenchmark {
    static final int FRAME = 100 * 1024;
    private final Vp8Packetizer vp8 = new Vp8Packetizer();
    private final H264Packetizer h264 = new H264Packetizer();
    private final byte[] out = new byte[1500];
    private byte[] vp8Frame;
    private byte[] h264Frame;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(1);
        vp8Frame = new byte[FRAME];
        random.nextBytes(vp8Frame);
        h264Frame = new byte[FRAME];
        random.nextBytes(h264Frame);
        for (int i = 0; i < h264Frame.length; i++) {
            if (h264Frame[i] == 0) {
                h264Frame[i] = 1; // no accidental start codes in the slice
            }
        }
        byte[] head = {0, 0, 0, 1, 0x67, 0x42, 0x00, 0x1f, 0, 0, 0, 1, 0x68, (byte) 0xce, 0x3c, (byte) 0x80, 0, 0, 0, 1, 0x65};
        System.arraycopy(head, 0, h264Frame, 0, head.length);
    }

    @Benchmark
    public int vp8() {
        vp8.begin(vp8Frame, 0, vp8Frame.length);
        int sum = 0;
        while (vp8.hasNext()) {
            sum += vp8.next(out, 12);
        }
        return sum;
    }

    @Benchmark
    public int h264() {
        h264.begin(h264Frame, 0, h264Frame.length);
        int sum = 0;
        while (h264.hasNext()) {
            sum += h264.next(out, 12);
        }
        return sum;
    }
}
