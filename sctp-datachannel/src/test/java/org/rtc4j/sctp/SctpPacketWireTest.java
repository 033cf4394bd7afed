package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packets written byte by byte from the wire layout of RFC 9260 §3 (common header §3.1, chunk
 * framing §3.2, INIT §3.3.2, DATA §3.3.1, SACK §3.3.4), RFC 3758 §3.2 (FORWARD-TSN) and RFC 9653 §3
 * (Zero Checksum Acceptable), with the checksum from a bitwise CRC32c, compared both ways with the
 * codec.
 */
class SctpPacketWireTest {
    private static final HexFormat HEX = HexFormat.of();

    /** An INIT as a browser sends it, with an odd-length parameter inside and an odd one last. */
    @Test
    void initByHand() throws SctpException {
        byte[] wire = withChecksum(HEX.parseHex(String.join("",
                "1388", "13ec", "00000000", "00000000",   // ports 5000 -> 5100, tag 0 (INIT), checksum
                "01", "00", "002d",                       // INIT, flags 0, length 45 (no final padding)
                "01020304",                               // Initiate Tag
                "00020000",                               // a_rwnd 131072
                "0400", "ffff",                           // OS 1024, MIS 65535
                "deadbeef",                               // Initial TSN
                "c000", "0004",                           // Forward-TSN-Supported
                "8008", "0007", "82c084", "00",           // Supported Extensions, 3 types, padded
                "8001", "0008", "00000001",               // Zero Checksum Acceptable, EDMID 1 (DTLS)
                "4abc", "0005", "99", "000000")));        // an unknown parameter, last: padding outside
        InitChunk init = new InitChunk(SctpChunk.INIT, 0, 0x01020304L, 131072, 1024, 65535, 0xDEADBEEFL, List.of(
                new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, HEX.parseHex("82c084")),
                new SctpParameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE, HEX.parseHex("00000001")),
                new SctpParameter(0x4ABC, HEX.parseHex("99"))));
        SctpPacket packet = SctpPacket.of(5000, 5100, 0, init);

        assertThat(SctpPacket.decode(wire)).isEqualTo(packet);
        assertThat(packet.encodedLength()).isEqualTo(60);
        assertThat(HEX.formatHex(packet.encode())).isEqualTo(HEX.formatHex(wire));
        assertThat(new Crc32c().matches(wire, 0, wire.length)).isTrue();

        ChunkReader reader = new ChunkReader().reset(wire, 0, wire.length);
        assertThat(reader.next()).isTrue();
        assertThat(reader.type()).isEqualTo(SctpChunk.INIT);
        assertThat(reader.valueOffset()).isEqualTo(16);
        assertThat(reader.valueLength()).isEqualTo(41);
        assertThat(reader.next()).isFalse();
    }

    /** A bundle of SACK, DATA and FORWARD-TSN: every chunk but the last padded to 4 bytes. */
    @Test
    void bundleByHand() throws SctpException {
        byte[] wire = withChecksum(HEX.parseHex(String.join("",
                "1388", "1388", "a1b2c3d4", "00000000",
                "03", "00", "001c",                       // SACK, length 28
                "00000064", "00100000",                   // cumulative TSN ack 100, a_rwnd 1 MiB
                "0002", "0001",                           // 2 gap blocks, 1 duplicate
                "0002", "0003", "0005", "0005",           // 102-103, 105
                "00000063",                               // duplicate TSN 99
                "00", "07", "0015",                       // DATA, flags U|B|E, length 21
                "00000065", "0007", "0000", "00000033",   // TSN 101, stream 7, SSN 0, PPID 51 (string)
                "68656c6c6f", "000000",                   // "hello", padding
                "c0", "00", "0010",                       // FORWARD-TSN, length 16
                "00000068",                               // new cumulative TSN 104
                "0001", "0009", "0003", "ffff")));        // stream 1 SSN 9, stream 3 SSN 65535
        SctpPacket packet = new SctpPacket(5000, 5000, 0xA1B2C3D4L, List.of(
                new SackChunk(0, 100, 1 << 20, List.of(new SackChunk.GapAckBlock(2, 3), new SackChunk.GapAckBlock(5, 5)),
                        List.of(99L)),
                new DataChunk(DataChunk.UNORDERED | DataChunk.BEGINNING | DataChunk.END, 101, 7, 0, 51,
                        "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                new ForwardTsnChunk(0, 104, List.of(new ForwardTsnChunk.StreamSequence(1, 9),
                        new ForwardTsnChunk.StreamSequence(3, 65535)))));

        assertThat(SctpPacket.decode(wire)).isEqualTo(packet);
        assertThat(HEX.formatHex(packet.encode())).isEqualTo(HEX.formatHex(wire));

        // The in-place view of the DATA chunk reads the same fields.
        ChunkReader reader = new ChunkReader().reset(wire, 0, wire.length);
        assertThat(reader.next()).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(reader.type()).isEqualTo(SctpChunk.DATA);
        assertThat(reader.flags()).isEqualTo(7);
        int v = reader.valueOffset();
        assertThat(v).isEqualTo(12 + 28 + 4);
        assertThat(DataChunk.tsn(wire, v)).isEqualTo(101);
        assertThat(DataChunk.streamId(wire, v)).isEqualTo(7);
        assertThat(DataChunk.ssn(wire, v)).isZero();
        assertThat(DataChunk.ppid(wire, v)).isEqualTo(51);
        assertThat(reader.valueLength()).isEqualTo(17);
        assertThat(reader.next()).isTrue();
        assertThat(reader.type()).isEqualTo(SctpChunk.FORWARD_TSN);
        assertThat(reader.next()).isFalse();
    }

    /** The packet with its checksum field set from the bitwise reference, least significant byte first. */
    private static byte[] withChecksum(byte[] packet) {
        byte[] zeroed = packet.clone();
        Arrays.fill(zeroed, 8, 12, (byte) 0);
        long crc = Crc32cTest.bitwise(zeroed);
        byte[] out = packet.clone();
        out[8] = (byte) crc;
        out[9] = (byte) (crc >>> 8);
        out[10] = (byte) (crc >>> 16);
        out[11] = (byte) (crc >>> 24);
        return out;
    }
}
