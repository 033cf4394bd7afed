package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    private static final String NAME = "1f0e9a52-3c6b-4e8d-9a7b-5c4d3e2f1a0b.local";

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    /** A hand-built message: header fields, then the raw bytes of the sections. */
    private static byte[] message(int flags, int qd, int an, int ns, int ar, int... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : new int[] {0, flags, qd, an, ns, ar}) {
            out.write(v >>> 8);
            out.write(v);
        }
        for (int b : body) {
            out.write(b);
        }
        return out.toByteArray();
    }

    private static int[] bytes(String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void queryRoundTripKeepsQuestionsAndTheUnicastResponseBit() throws Exception {
        DnsMessage query = DnsMessage.query(0, List.of(
                new DnsMessage.Question(NAME, DnsMessage.TYPE_A, DnsMessage.CLASS_IN, true),
                new DnsMessage.Question(NAME, DnsMessage.TYPE_AAAA, DnsMessage.CLASS_IN, false)));

        DnsMessage decoded = DnsMessage.decode(query.encode());

        assertThat(decoded.isResponse()).isFalse();
        assertThat(decoded.opcode()).isZero();
        assertThat(decoded.questions()).isEqualTo(query.questions());
        assertThat(decoded.answers()).isEmpty();
    }

    @Test
    void responseRoundTripKeepsAddressesTtlAndCacheFlush() throws Exception {
        DnsMessage response = DnsMessage.response(0x1234, List.of(), List.of(
                new DnsMessage.AddressRecord(NAME, ip("192.0.2.2"), true, 120),
                new DnsMessage.AddressRecord("other.local", ip("fd00::2"), false, 10)));

        DnsMessage decoded = DnsMessage.decode(response.encode());

        assertThat(decoded.id()).isEqualTo(0x1234);
        assertThat(decoded.isResponse()).isTrue();
        assertThat(decoded.flags() & DnsMessage.FLAG_AUTHORITATIVE).isNotZero();
        assertThat(decoded.answers()).isEqualTo(response.answers());
        assertThat(decoded.answers().get(1).type()).isEqualTo(DnsMessage.TYPE_AAAA);
    }

    @Test
    void encodeCompressesRepeatedNamesAndSuffixes() throws Exception {
        DnsMessage response = DnsMessage.response(0, List.of(), List.of(
                new DnsMessage.AddressRecord(NAME, ip("192.0.2.2"), true, 120),
                new DnsMessage.AddressRecord(NAME, ip("fd00::2"), true, 120),
                new DnsMessage.AddressRecord("host.local", ip("192.0.2.3"), true, 120)));

        byte[] wire = response.encode();

        // Header 12; NAME 36+1 + 5+1 + 1 = 44 bytes at offset 12; then 10 + 4 rdata.
        int second = 12 + 44 + 10 + 4;
        assertThat(Arrays.copyOfRange(wire, second, second + 2)).containsExactly(0xC0, 12);
        // "host" then a pointer to "local" inside the first name (offset 12 + 37).
        int third = second + 2 + 10 + 16;
        assertThat(wire[third]).isEqualTo((byte) 4);
        assertThat(Arrays.copyOfRange(wire, third + 5, third + 7)).containsExactly(0xC0, 12 + 37);
        assertThat(DnsMessage.decode(wire).answers()).isEqualTo(response.answers());
    }

    @Test
    void decodesPointersIntoTheMiddleOfEarlierNamesAndChainsOfPointers() throws Exception {
        // Question "a.b.local" at 12; answer "c" + pointer to "b.local" (14); additional is a pointer to
        // the answer's name (27), which itself ends in a pointer: two hops.
        byte[] wire = message(0x8400, 1, 1, 0, 1, bytes(
                "01 61 01 62 05 6c6f63616c 00 0001 0001"
                        + "01 63 c00e 0001 8001 00000078 0004 c0000202"
                        + "c01b 0001 0001 0000000a 0004 c0000203"));

        DnsMessage decoded = DnsMessage.decode(wire);

        assertThat(decoded.questions()).extracting(DnsMessage.Question::name).containsExactly("a.b.local");
        assertThat(decoded.answers()).containsExactly(new DnsMessage.AddressRecord("c.b.local", ip("192.0.2.2"), true, 120));
        assertThat(decoded.additionals()).containsExactly(new DnsMessage.AddressRecord("c.b.local", ip("192.0.2.3"), false, 10));
    }

    @Test
    void skipsRecordsOfOtherTypesAndClassesAndTheAuthoritySection() throws Exception {
        // Answers: PTR (12) with a compressed name in its RDATA, TXT (16), an A of class CH (3), then the A we want.
        // Authority: an A record, dropped with its section.
        byte[] wire = message(0x8400, 0, 4, 1, 0, bytes(
                "04 686f7374 05 6c6f63616c 00 000c 0001 00000078 0002 c00c"
                        + "c00c 0010 0001 00000078 0004 03 613d62"
                        + "c00c 0001 0003 00000078 0004 01020304"
                        + "c00c 0001 8001 00000078 0004 c0000202"
                        + "c00c 0001 0001 00000078 0004 05060708"));

        DnsMessage decoded = DnsMessage.decode(wire);

        assertThat(decoded.answers()).containsExactly(new DnsMessage.AddressRecord("host.local", ip("192.0.2.2"), true, 120));
        assertThat(decoded.additionals()).isEmpty();
    }

    @Test
    void labelsWithDotsBackslashesAndBinaryAreEscapedSoNamesStayUnambiguous() throws Exception {
        byte[] wire = message(0, 1, 0, 0, 0, bytes("07 612e6c6f63616c 01 5c 02 00ff 00 0001 0001"));

        assertThat(DnsMessage.decode(wire).questions().get(0).name()).isEqualTo("a\\.local.\\\\.\\000\\255");
    }

    @Test
    void ttlWithTheTopBitSetReadsAsZero() throws Exception {
        byte[] wire = message(0x8400, 0, 1, 0, 0, bytes("01 61 00 0001 0001 80000000 0004 01020304"));

        assertThat(DnsMessage.decode(wire).answers().get(0).ttl()).isZero();
    }

    @Test
    void canonicalLowerCasesAsciiOnlyAndDropsTheRootDot() {
        assertThat(DnsMessage.canonical("ABC-def.LOCAL.")).isEqualTo("abc-def.local");
        assertThat(DnsMessage.canonical("ÄB.local")).isEqualTo("Äb.local");
    }

    @Test
    void encodeRefusesNamesThatAreNotValid() {
        for (String bad : List.of("", ".", "a..local", "a".repeat(64) + ".local", "a b.local", "a\\.local",
                ("a".repeat(63) + ".").repeat(4) + "local")) {
            DnsMessage m = DnsMessage.query(0, List.of(new DnsMessage.Question(bad, 1, 1, false)));
            assertThatThrownBy(m::encode).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertThat(DnsMessage.labels(longest)).hasSize(4);
    }

    // ------------------------------------------------------------------------------ hostile input

    private static void assertRejected(byte[] wire, String messagePart) {
        assertThatThrownBy(() -> DnsMessage.decode(wire))
                .isInstanceOf(DnsFormatException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void pointerToItselfIsRejected() {
        assertRejected(message(0, 1, 0, 0, 0, bytes("c00c 0001 0001")), "forward pointer or a loop");
    }

    @Test
    void pointerLoopBetweenTwoNamesIsRejected() {
        // Name 1 at 12: "a" then a pointer to 17 (name 2); name 2 at 17: "b" then a pointer back to 12.
        assertRejected(message(0, 2, 0, 0, 0, bytes("01 61 c011 0001 0001 01 62 c00c 0001 0001")), "loop");
    }

    @Test
    void loopThroughLabelsThatRunOverThePointerIsRejected() {
        // A pointer at 14 to 12, whose label run reaches 14 again: target must precede the run it ends.
        assertRejected(message(0, 1, 0, 0, 0, bytes("01 61 c00c 0001 0001")), "loop");
    }

    @Test
    void forwardPointerIsRejected() {
        assertRejected(message(0, 1, 0, 0, 0, bytes("c00e 01 61 00 0001 0001")), "forward pointer");
    }

    @Test
    void labelOver63BytesAndReservedLabelTypesAreRejected() {
        assertRejected(message(0, 1, 0, 0, 0, bytes("40" + "61".repeat(64) + "00 0001 0001")), "reserved type bits 0x40");
        assertRejected(message(0, 1, 0, 0, 0, bytes("80 0001 0001")), "reserved type bits 0x80");
    }

    @Test
    void nameOver255BytesIsRejectedEvenWhenBuiltFromPointers() {
        String label = "3f" + "61".repeat(63);
        // 4 labels of 63 bytes = 256 bytes on the wire with the root.
        assertRejected(message(0, 1, 0, 0, 0, bytes(label.repeat(4) + "00 0001 0001")), "longer than 255");
        // Two names of 2 labels each (129 bytes of labels): the second points back to the first.
        assertRejected(message(0, 2, 0, 0, 0, bytes(label.repeat(2) + "00 0001 0001" + label.repeat(2) + "c00c 0001 0001")),
                "longer than 255");
    }

    @Test
    void countsThatCannotFitAreRejectedBeforeAnyWork() {
        assertRejected(message(0x8400, 0, 65535, 0, 0, bytes("00 0001 0001 00000078 0004 01020304")), "an=65535");
        assertRejected(message(0, 65535, 65535, 65535, 65535), "qd=65535");
    }

    @Test
    void addressRecordsOfTheWrongLengthAreRejected() {
        assertRejected(message(0x8400, 0, 1, 0, 0, bytes("00 0001 0001 00000078 0005 0102030405")), "RDLENGTH 5 (expected: 4)");
        assertRejected(message(0x8400, 0, 1, 0, 0, bytes("00 001c 0001 00000078 0004 01020304")), "RDLENGTH 4 (expected: 16)");
    }

    @Test
    void rdlengthPastTheEndIsRejected() {
        assertRejected(message(0x8400, 0, 1, 0, 0, bytes("00 0010 0001 00000078 ffff 0102")), "RDLENGTH 65535");
    }

    @Test
    void oversizedAndTooShortMessagesAreRejected() {
        assertRejected(new byte[9001], "9001 bytes");
        assertRejected(new byte[11], "12-byte header");
    }

    @Test
    void everyTruncationOfAValidMessageIsRejectedCleanly() throws Exception {
        byte[] wire = DnsMessage.response(7, List.of(new DnsMessage.Question(NAME, 1, 1, false)), List.of(
                new DnsMessage.AddressRecord(NAME, ip("192.0.2.2"), true, 120),
                new DnsMessage.AddressRecord("x.local", ip("fd00::2"), true, 120))).encode();
        for (int n = 0; n < wire.length; n++) {
            int length = n;
            assertThatThrownBy(() -> DnsMessage.decode(wire, 0, length)).as("length " + n).isInstanceOf(DnsFormatException.class);
        }
        assertThat(DnsMessage.decode(wire, 0, wire.length).answers()).hasSize(2);
    }

    @Test
    void decodesAWindowOfALargerArrayWithPointersRelativeToTheMessage() throws Exception {
        byte[] wire = DnsMessage.response(0, List.of(), List.of(
                new DnsMessage.AddressRecord(NAME, ip("192.0.2.2"), true, 120),
                new DnsMessage.AddressRecord(NAME, ip("192.0.2.3"), true, 120))).encode();
        byte[] padded = new byte[wire.length + 10];
        System.arraycopy(wire, 0, padded, 7, wire.length);

        assertThat(DnsMessage.decode(padded, 7, wire.length).answers()).hasSize(2);
    }

    /** Seeded mutations of valid messages: only DnsFormatException may come out, and quickly. */
    @Test
    void randomMutationsOnlyEverThrowTheCodecException() throws Exception {
        byte[] base = DnsMessage.response(0, List.of(new DnsMessage.Question(NAME, 255, 1, true)), List.of(
                new DnsMessage.AddressRecord(NAME, ip("192.0.2.2"), true, 120),
                new DnsMessage.AddressRecord("a.b." + NAME, ip("fd00::2"), true, 120))).encode();
        SplittableRandom random = new SplittableRandom(42);
        int decoded = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] m = Arrays.copyOf(base, 1 + random.nextInt(base.length + 16));
            for (int j = random.nextInt(1, 6); j > 0; j--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            try {
                DnsMessage.decode(m);
                decoded++;
            } catch (DnsFormatException expected) {
                // the one allowed outcome besides success
            } catch (RuntimeException e) {
                fail("mutation " + i + " " + HexFormat.of().formatHex(m) + " threw " + e, e);
            }
        }
        assertThat(decoded).isPositive();
    }
}
