package org.rtc4j.sctp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Coverage-guided fuzzing (Jazzer) of an established association's receive path: the input is a
 * sequence of packets ({@code [2-byte length][chunk bytes]...}) that are given B's ports, verification
 * tag and a valid CRC32c, so the fuzzer reaches the chunk handlers rather than the checksum check.
 *
 * <p>The contract under test: whatever arrives, nothing throws out of {@code handleReceive},
 * {@code handleTimeout}, {@code pollTransmit} or {@code pollEvent}, and what B holds stays within its
 * receive window. Every input starts from the same seeded, established pair, so the seed inputs
 * (recorded from a real transfer by {@link #main}) carry TSNs and tags that match.
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl sctp-datachannel test -Dtest='SctpAssociationFuzzTest#receiveAnything'
 * </pre>
 */
class SctpAssociationFuzzTest {
    private static final long SEED = 1234;

    @FuzzTest(maxDuration = "60s")
    void receiveAnything(byte[] input) {
        SctpPair pair = new SctpPair(SEED, SimulatedLink.Conditions.PERFECT).connectBoth();
        long tag = tagFromAToB(pair);
        Crc32c crc = new Crc32c();
        int p = 0;
        while (p + 2 <= input.length) {
            int len = Math.min((input[p] & 0xFF) << 8 | input[p + 1] & 0xFF, input.length - p - 2);
            byte[] packet = new byte[SctpPacket.HEADER_LENGTH + len];
            SctpPacket.writeHeader(packet, 0, 5000, 5000, tag);
            System.arraycopy(input, p + 2, packet, SctpPacket.HEADER_LENGTH, len);
            crc.stamp(packet, 0, packet.length);
            pair.b.handleReceive(pair.now(), packet, 0, packet.length);
            p += 2 + len;
        }
        pair.runFor(Duration.ofSeconds(2));
        SctpStats stats = pair.b.stats();
        if (stats.inFlight() < 0 || stats.peerRwnd() < 0) {
            throw new IllegalStateException("negative accounting: " + stats);
        }
    }

    private static long tagFromAToB(SctpPair pair) {
        pair.a.send(pair.now(), 0, 51, new byte[] {1}, 0, 1, SendOptions.RELIABLE);
        byte[] p = pair.a.pollTransmit().orElseThrow();
        pair.b.handleReceive(pair.now(), p, 0, p.length);
        return SctpPacket.verificationTag(p, 0);
    }

    /** Records seed inputs: the packets A sends B during a short lossy transfer with every feature used. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        SctpPair pair = new SctpPair(SEED, SimulatedLink.Conditions.PERFECT).connectBoth();
        tagFromAToB(pair);
        byte[] out = new byte[SctpConfig.DEFAULT.maxPacketSize()];
        java.io.ByteArrayOutputStream seed = new java.io.ByteArrayOutputStream();
        pair.a.send(pair.now(), 1, 53, new byte[3000], 0, 3000, SendOptions.RELIABLE);
        pair.a.send(pair.now(), 2, 51, new byte[10], 0, 10, new SendOptions(true, -1, -1));
        pair.a.send(pair.now(), 3, 51, new byte[10], 0, 10, new SendOptions(false, 0, -1));
        pair.a.resetStreams(pair.now(), 2);
        int n;
        int i = 0;
        while ((n = pair.a.pollTransmit(out, 0)) >= 0) {
            byte[] framed = new byte[n - SctpPacket.HEADER_LENGTH + 2];
            framed[0] = (byte) (framed.length - 2 >> 8);
            framed[1] = (byte) (framed.length - 2);
            System.arraycopy(out, SctpPacket.HEADER_LENGTH, framed, 2, framed.length - 2);
            seed.write(framed);
            Files.write(dir.resolve("packet-" + i++), framed);
        }
        Files.write(dir.resolve("sequence"), seed.toByteArray());
    }
}
