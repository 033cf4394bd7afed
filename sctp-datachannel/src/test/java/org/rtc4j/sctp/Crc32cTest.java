package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SCTP checksum: CRC32c (RFC 9260 Appendix A) with the check vectors of RFC 3720 Appendix B.4,
 * the field zeroed while computing, and the value stored least significant byte first.
 */
class Crc32cTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 3720 B.4: 32 bytes of zeros, of ones, incrementing, decrementing; CRC bytes as sent. */
    @Test
    void rfc3720CheckVectors() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] incrementing = new byte[32];
        byte[] decrementing = new byte[32];
        for (int i = 0; i < 32; i++) {
            incrementing[i] = (byte) i;
            decrementing[i] = (byte) (31 - i);
        }
        assertThat(wireBytes(zeros)).isEqualTo("aa36918a");
        assertThat(wireBytes(ones)).isEqualTo("43aba862");
        assertThat(wireBytes(incrementing)).isEqualTo("4e79dd46");
        assertThat(wireBytes(decrementing)).isEqualTo("5cdb3f11");
    }

    /** RFC 3720 B.4: the iSCSI SCSI Read (10) command PDU, whose bytes 8..11 happen to be zero. */
    @Test
    void rfc3720ReadCommandPdu() {
        byte[] pdu = iscsiReadPdu();
        assertThat(wireBytes(pdu)).isEqualTo("563a96d9");

        // Taken as an SCTP packet, the checksum field is skipped: garbage there changes nothing,
        // and the CRC goes into it least significant byte first (RFC 9260 Appendix A).
        byte[] packet = pdu.clone();
        packet[8] = 0x12;
        packet[9] = 0x34;
        packet[10] = 0x56;
        packet[11] = 0x78;
        Crc32c crc = new Crc32c();
        assertThat(crc.compute(packet, 0, packet.length)).isEqualTo(0xD9963A56L);
        assertThat(crc.matches(packet, 0, packet.length)).isFalse();
        crc.stamp(packet, 0, packet.length);
        assertThat(HEX.formatHex(packet, 8, 12)).isEqualTo("563a96d9");
        assertThat(Crc32c.readField(packet, 0)).isEqualTo(0xD9963A56L);
        assertThat(crc.matches(packet, 0, packet.length)).isTrue();
        assertThat(Arrays.copyOf(packet, 8)).isEqualTo(Arrays.copyOf(pdu, 8));
        assertThat(Arrays.copyOfRange(packet, 12, packet.length)).isEqualTo(Arrays.copyOfRange(pdu, 12, pdu.length));
    }

    /** The JDK-backed class agrees with a bitwise CRC32c written from the definition, at any offset. */
    @Test
    void agreesWithBitwiseReference() {
        Random random = new Random(20260101);
        Crc32c crc = new Crc32c();
        for (int len = 12; len < 300; len += 7) {
            byte[] buf = new byte[len + 10];
            random.nextBytes(buf);
            int off = random.nextInt(10);
            byte[] zeroed = Arrays.copyOfRange(buf, off, off + len);
            Arrays.fill(zeroed, 8, 12, (byte) 0);
            assertThat(crc.compute(buf, off, len)).as("length %d at %d", len, off).isEqualTo(bitwise(zeroed));
            crc.stamp(buf, off, len);
            assertThat(crc.matches(buf, off, len)).isTrue();
            buf[off + random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
            assertThat(crc.matches(buf, off, len)).as("one bit flipped").isFalse();
        }
    }

    @Test
    void shorterThanHeaderIsNoPacket() {
        Crc32c crc = new Crc32c();
        byte[] eleven = new byte[11];
        assertThat(crc.matches(eleven, 0, 11)).isFalse();
        assertThatThrownBy(() -> crc.compute(eleven, 0, 11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: at least 12");
        assertThatThrownBy(() -> crc.compute(new byte[20], 10, 12)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    static byte[] iscsiReadPdu() {
        return HEX.parseHex("01c00000" + "00000000" + "00000000" + "00000000" + "14000000" + "00000400"
                + "00000014" + "00000018" + "28000000" + "00000000" + "02000000" + "00000000");
    }

    /** The CRC of the bytes as RFC 3720 lists it: least significant byte first. */
    private static String wireBytes(byte[] data) {
        long value = new Crc32c().checksum(data, 0, data.length);
        assertThat(value).isEqualTo(bitwise(data));
        byte[] out = new byte[12];
        Crc32c.writeField(out, 0, value);
        return HEX.formatHex(out, 8, 12);
    }

    /** CRC32c from its definition: reflected polynomial 0x82F63B78, initial and final XOR all ones. */
    static long bitwise(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc & 0xFFFFFFFFL;
    }
}
