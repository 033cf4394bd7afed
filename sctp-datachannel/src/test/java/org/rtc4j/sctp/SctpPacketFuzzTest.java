package org.rtc4j.sctp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing (Jazzer) of the SCTP packet and chunk codec: {@link SctpPacket#decode},
 * the in-place {@link ChunkReader} and the RE-CONFIG parameter decoders.
 *
 * <p>The contract under test: hostile bytes get an {@link SctpException} with a reason and nothing
 * else, the same at any offset and whichever way the packet is read; a packet that decodes
 * re-encodes, and decoding that encoding gives the same packet.
 *
 * <p>A plain {@code mvn test} runs the method once per file in
 * {@code src/test/resources/org/rtc4j/sctp/SctpPacketFuzzTestInputs/decodePacket/}: an INIT, an
 * INIT ACK with a cookie, COOKIE ECHO with a DCEP open, DATA, SACK, FORWARD-TSN, RE-CONFIG and
 * control chunks, and any {@code crash-*} file an earlier fuzzing run left there. To fuzz it for its
 * {@code maxDuration} (60 s; {@code JAZZER_MAX_DURATION=10m} overrides it):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -pl sctp-datachannel test -Dtest='SctpPacketFuzzTest#decodePacket'
 * </pre>
 *
 * The corpus it grows goes to {@code sctp-datachannel/.cifuzz-corpus/} (git-ignored); a failing
 * input is written as {@code crash-<sha1>} into the inputs directory above.
 */
class SctpPacketFuzzTest {
    /**
     * Decodes the input, then its {@linkplain #wellFramed well-framed form} if that differs: random
     * mutations rarely keep chunk lengths consistent, so without the second pass the fuzzer seldom
     * reaches the chunk values.
     */
    @FuzzTest(maxDuration = "60s")
    void decodePacket(byte[] input) {
        decodeOne(input);
        byte[] framed = wellFramed(input);
        if (framed != null && !Arrays.equals(framed, input)) {
            decodeOne(framed);
        }
    }

    private static void decodeOne(byte[] input) {
        SctpPacket packet = null;
        SctpException.Reason reason = null;
        try {
            packet = SctpPacket.decode(input);
        } catch (SctpException e) {
            check(e.reason() != null && e.getMessage() != null, () -> "SctpException without a reason or message");
            reason = e.reason();
        }
        checkSameOutcomeAtOffset(input, packet, reason);
        walkReader(input, packet, reason);
        boolean matches = new Crc32c().matches(input, 0, input.length);
        check(input.length >= SctpPacket.HEADER_LENGTH || !matches, () -> "a CRC matches fewer than 12 bytes");
        if (packet != null) {
            checkReencodes(packet, input);
        }
    }

    /** The bytes inside a larger array, with bytes after them, decode the same way. */
    private static void checkSameOutcomeAtOffset(byte[] input, SctpPacket packet, SctpException.Reason reason) {
        byte[] larger = new byte[input.length + 11];
        Arrays.fill(larger, (byte) 0x04);
        System.arraycopy(input, 0, larger, 5, input.length);
        try {
            SctpPacket atOffset = SctpPacket.decode(larger, 5, input.length);
            check(atOffset.equals(packet), () -> "at an offset it decodes, to " + atOffset + " (expected: " + reason + ")");
        } catch (SctpException e) {
            check(e.reason() == reason, () -> "at an offset: " + e.reason() + " (expected: " + reason + ")");
        }
    }

    /**
     * The in-place reader sees the decoded chunks, reads DATA fields in place and fails, framing or
     * value, the way the decoder did; RE-CONFIG parameters decode to values that re-encode as they came.
     */
    private static void walkReader(byte[] input, SctpPacket packet, SctpException.Reason reason) {
        ChunkReader reader = new ChunkReader();
        int index = 0;
        try {
            reader.reset(input, 0, input.length);
            while (reader.next()) {
                int i = index++;
                check(reader.buffer() == input, () -> "the reader copied the buffer");
                check(reader.valueOffset() >= SctpPacket.HEADER_LENGTH + 4
                        && reader.valueOffset() + reader.valueLength() <= input.length, () -> "value outside the packet");
                SctpChunk chunk = reader.decodeChunk();
                // When decoding failed, the chunks before the bad one still read; there is no packet to compare.
                check(packet == null || i < packet.chunks().size() && packet.chunks().get(i).equals(chunk),
                        () -> "chunk " + i + " is " + chunk + " in the reader, not in the packet");
                check(chunk.type() == reader.type() && chunk.flags() == reader.flags(), () -> "type or flags differ");
                if (chunk instanceof DataChunk data) {
                    int v = reader.valueOffset();
                    check(DataChunk.tsn(input, v) == data.tsn() && DataChunk.streamId(input, v) == data.streamId()
                            && DataChunk.ssn(input, v) == data.ssn() && DataChunk.ppid(input, v) == data.ppid()
                            && data.data().length == reader.valueLength() - DataChunk.HEADER_LENGTH,
                            () -> "DATA read in place differs");
                } else if (chunk instanceof InitChunk init) {
                    readInit(init);
                } else if (chunk instanceof ParameterChunk parameters && chunk.type() == SctpChunk.RE_CONFIG) {
                    readReconfig(parameters);
                }
            }
        } catch (SctpException e) {
            check(e.reason() == reason, () -> "the reader failed with " + e.reason() + " (expected: " + reason + ")");
            return;
        }
        int chunks = index;
        check(reason == null && packet.chunks().size() == chunks,
                () -> "the reader found " + chunks + " chunks (expected: failure " + reason + ")");
    }

    private static void readInit(InitChunk init) {
        byte[] cookie = init.stateCookie();
        check(cookie == null || init.parameter(SctpParameter.STATE_COOKIE) != null, () -> "a cookie from nowhere");
        boolean forwardTsn = init.supportsForwardTsn();
        check(forwardTsn == (init.parameter(SctpParameter.FORWARD_TSN_SUPPORTED) != null
                || init.supportsExtension(SctpChunk.FORWARD_TSN)), () -> "supportsForwardTsn");
        long method = init.zeroChecksumMethod();
        check(method >= -1 && method <= 0xFFFFFFFFL, () -> "zero checksum method " + method);
        check(init.toString() != null, () -> "toString");
    }

    private static void readReconfig(ParameterChunk chunk) {
        for (SctpParameter parameter : chunk.parameters()) {
            try {
                if (parameter.type() == SctpParameter.OUTGOING_SSN_RESET_REQUEST) {
                    OutgoingResetRequest request = OutgoingResetRequest.decode(parameter);
                    check(request.toParameter().equals(parameter), () -> "reset request re-encodes differently");
                    check(OutgoingResetRequest.decode(request.toParameter()).equals(request), () -> "reset request round trip");
                } else if (parameter.type() == SctpParameter.RECONFIGURATION_RESPONSE) {
                    ReconfigResponse response = ReconfigResponse.decode(parameter);
                    check(parameter.value().length == 16 || response.toParameter().equals(parameter),
                            () -> "response re-encodes differently");
                    check(ReconfigResponse.decode(response.toParameter()).equals(response), () -> "response round trip");
                }
            } catch (SctpException e) {
                check(e.reason() == SctpException.Reason.BAD_LENGTH, () -> "reconfig parameter: " + e.reason());
            }
        }
    }

    private static void checkReencodes(SctpPacket packet, byte[] input) {
        byte[] encoded;
        try {
            encoded = packet.encode();
        } catch (RuntimeException e) {
            throw new AssertionError("a decoded packet fails to encode: " + packet, e);
        }
        check(encoded.length == packet.encodedLength() && encoded.length % 4 == 0, () -> "encoded length");
        // Only the last chunk's missing padding and the last parameter's counted padding may differ.
        check(encoded.length <= input.length + 3, () -> "encoded to " + encoded.length + " bytes from " + input.length);
        check(new Crc32c().matches(encoded, 0, encoded.length), () -> "encoded with a wrong CRC");
        SctpPacket again;
        try {
            again = SctpPacket.decode(encoded);
        } catch (SctpException e) {
            throw new AssertionError("a re-encoded packet fails to decode (" + e.getMessage() + "): "
                    + HexFormat.of().formatHex(encoded), e);
        }
        check(again.equals(packet) && again.hashCode() == packet.hashCode(),
                () -> "decode(encode(p)) is " + again + " (expected: " + packet + ")");
        check(Arrays.equals(again.encode(), encoded), () -> "a second encoding differs");
        check(packet.toString() != null, () -> "toString");
    }

    /**
     * The input with each chunk's length clamped to 4 ~ the bytes that remain and padding zeroed;
     * null below 12 bytes. Unchanged for a packet with valid framing and zero padding.
     */
    static byte[] wellFramed(byte[] in) {
        if (in.length < SctpPacket.HEADER_LENGTH) {
            return null;
        }
        byte[] out = new byte[in.length + 3];
        System.arraycopy(in, 0, out, 0, SctpPacket.HEADER_LENGTH);
        int pos = SctpPacket.HEADER_LENGTH;
        int end = SctpPacket.HEADER_LENGTH;
        while (in.length - pos >= 4) {
            int length = Math.max(4, Math.min(Bytes.u16(in, pos + 2), in.length - pos));
            System.arraycopy(in, pos, out, end, length);
            Bytes.put16(out, end + 2, length);
            end += Bytes.padded(length);
            pos += Bytes.padded(length);
        }
        return Arrays.copyOf(out, end);
    }

    private static void check(boolean condition, Supplier<String> what) {
        if (!condition) {
            throw new AssertionError(what.get());
        }
    }
}
