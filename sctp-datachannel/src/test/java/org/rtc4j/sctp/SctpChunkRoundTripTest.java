package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every chunk type through encode and decode with every field non-trivial: flag bits (reserved ones
 * too) survive, parameters keep their order and unknown types, odd lengths are padded as RFC 9260
 * §3.2 says, and unknown chunk types come back as {@link RawChunk}s.
 */
class SctpChunkRoundTripTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void dataWithEveryFlagAndEveryPadding() throws SctpException {
        for (int n = 1; n <= 5; n++) {
            byte[] data = new byte[n];
            Arrays.fill(data, (byte) (0xA0 + n));
            DataChunk chunk = new DataChunk(0xFF, 0xFFFFFFFEL, 0xFFFF, 0xABCD, 0xFFFFFFFFL, data);
            byte[] wire = roundTrip(chunk);
            assertThat(wire.length).isEqualTo(12 + Bytes.padded(4 + 12 + n));
            assertThat(Bytes.u16(wire, 14)).as("length field, padding excluded").isEqualTo(16 + n);
            DataChunk back = (DataChunk) SctpPacket.decode(wire).chunks().get(0);
            assertThat(back.beginning()).isTrue();
            assertThat(back.end()).isTrue();
            assertThat(back.unordered()).isTrue();
            assertThat(back.flags() & DataChunk.IMMEDIATE).isNotZero();
        }
        DataChunk middle = new DataChunk(0, 1, 2, 3, 4, new byte[] {9});
        roundTrip(middle);
        assertThat(middle.beginning() || middle.end() || middle.unordered()).isFalse();
    }

    @Test
    void initAndInitAckKeepParametersInOrder() throws SctpException {
        List<SctpParameter> parameters = List.of(
                new SctpParameter(0xFFFF, HEX.parseHex("0102030405")),            // unknown, odd, first
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, HEX.parseHex("82c0")),
                new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(0x0006, new byte[0]),                             // unknown, empty
                new SctpParameter(0x8003, HEX.parseHex("aa")));                     // unknown, odd, last
        InitChunk init = new InitChunk(SctpChunk.INIT, 0xA5, 0xFFFFFFFFL, 0x80000001L, 0xFFFF, 1, 0xFFFFFFFFL, parameters);
        byte[] wire = roundTrip(init);
        // 16 fixed + 12 (9 padded) + 8 (6 padded) + 4 + 4 + 5 (the last, unpadded).
        assertThat(Bytes.u16(wire, 14)).isEqualTo(4 + 16 + 12 + 8 + 4 + 4 + 5);
        assertThat(wire.length).isEqualTo(12 + Bytes.padded(4 + 49));
        InitChunk back = (InitChunk) SctpPacket.decode(wire).chunks().get(0);
        assertThat(back.parameters()).containsExactlyElementsOf(parameters);
        assertThat(back.flags()).isEqualTo(0xA5);

        byte[] cookie = HEX.parseHex("c0ffee0102030405060708090a0b0c0d0e");             // 17 bytes
        InitChunk initAck = new InitChunk(SctpChunk.INIT_ACK, 0, 7, 1 << 20, 1024, 1024, 12345, List.of(
                new SctpParameter(SctpParameter.STATE_COOKIE, cookie),
                new SctpParameter(SctpParameter.UNRECOGNIZED_PARAMETER, HEX.parseHex("4abc000599")),
                new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0])));
        roundTrip(initAck);
        assertThat(((InitChunk) SctpPacket.decode(initAck(initAck)).chunks().get(0)).stateCookie()).isEqualTo(cookie);

        roundTrip(new InitChunk(SctpChunk.INIT, 0, 1, 2, 3, 4, 5, List.of()));
    }

    /** Some stacks count the last parameter's padding in the chunk length; the parameters are the same. */
    @Test
    void lastParameterPaddingInsideChunkLengthIsAccepted() throws SctpException {
        InitChunk init = new InitChunk(SctpChunk.INIT, 0, 1, 2, 3, 4, 5,
                List.of(new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, HEX.parseHex("82c084"))));
        byte[] wire = SctpPacket.of(1, 2, 0, init).encode();
        assertThat(Bytes.u16(wire, 14)).isEqualTo(27);
        Bytes.put16(wire, 14, 28);
        assertThat(SctpPacket.decode(wire).chunks()).containsExactly(init);
    }

    @Test
    void initAccessors() {
        InitChunk plain = new InitChunk(SctpChunk.INIT, 0, 1, 2, 3, 4, 5, List.of());
        assertThat(plain.stateCookie()).isNull();
        assertThat(plain.supportsForwardTsn()).isFalse();
        assertThat(plain.supportsExtension(SctpChunk.RE_CONFIG)).isFalse();
        assertThat(plain.zeroChecksumMethod()).isEqualTo(-1);
        assertThat(plain.parameter(SctpParameter.STATE_COOKIE)).isNull();

        InitChunk byParameter = new InitChunk(SctpChunk.INIT_ACK, 0, 1, 2, 3, 4, 5, List.of(
                new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(SctpParameter.STATE_COOKIE, new byte[] {1, 2, 3}),
                new SctpParameter(SctpParameter.STATE_COOKIE, new byte[] {4}),
                new SctpParameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE, HEX.parseHex("ffffffff"))));
        assertThat(byParameter.supportsForwardTsn()).isTrue();
        assertThat(byParameter.stateCookie()).as("the first cookie").containsExactly(1, 2, 3);
        assertThat(byParameter.zeroChecksumMethod()).isEqualTo(0xFFFFFFFFL);

        InitChunk byExtension = new InitChunk(SctpChunk.INIT, 0, 1, 2, 3, 4, 5, List.of(
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, HEX.parseHex("82c0")),
                new SctpParameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE, HEX.parseHex("00000001"))));
        assertThat(byExtension.supportsForwardTsn()).isTrue();
        assertThat(byExtension.supportsExtension(SctpChunk.RE_CONFIG)).isTrue();
        assertThat(byExtension.supportsExtension(SctpChunk.PAD)).isFalse();
        assertThat(byExtension.zeroChecksumMethod()).isEqualTo(1);

        InitChunk otherExtensions = new InitChunk(SctpChunk.INIT, 0, 1, 2, 3, 4, 5, List.of(
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, HEX.parseHex("8284")),
                new SctpParameter(SctpParameter.ZERO_CHECKSUM_ACCEPTABLE, HEX.parseHex("000001"))));
        assertThat(otherExtensions.supportsForwardTsn()).isFalse();
        assertThat(otherExtensions.supportsExtension(SctpChunk.PAD)).isTrue();
        assertThat(otherExtensions.zeroChecksumMethod()).as("a short value offers nothing").isEqualTo(-1);
    }

    @Test
    void sackWithGapsAndDuplicates() throws SctpException {
        roundTrip(new SackChunk(0x81, 0xFFFFFFFFL, 0xFFFFFFFFL,
                List.of(new SackChunk.GapAckBlock(1, 1), new SackChunk.GapAckBlock(3, 7), new SackChunk.GapAckBlock(65535, 65535)),
                List.of(0L, 0xFFFFFFFFL, 0xFFFFFFFFL)));
        roundTrip(new SackChunk(0, 5, 0, List.of(), List.of(4L)));
        roundTrip(new SackChunk(0, 5, 0, List.of(new SackChunk.GapAckBlock(2, 2)), List.of()));
    }

    @Test
    void shutdownAndForwardTsn() throws SctpException {
        roundTrip(new ShutdownChunk(0x10, 0xCAFEBABEL));
        roundTrip(new ForwardTsnChunk(0x42, 0xFFFFFFFFL, List.of()));
        roundTrip(new ForwardTsnChunk(0, 77, List.of(new ForwardTsnChunk.StreamSequence(0, 0),
                new ForwardTsnChunk.StreamSequence(65535, 65535), new ForwardTsnChunk.StreamSequence(1024, 3))));
    }

    @Test
    void reconfigWithResetRequestAndResponse() throws SctpException {
        OutgoingResetRequest request = new OutgoingResetRequest(0x10000000L, 0x0FFFFFFFL, 0xFFFFFFFFL, new int[] {1, 3, 65535});
        OutgoingResetRequest all = new OutgoingResetRequest(7, 6, 5, new int[0]);
        ReconfigResponse response = new ReconfigResponse(0xFFFFFFFFL, ReconfigResponse.IN_PROGRESS);
        ParameterChunk chunk = new ParameterChunk(SctpChunk.RE_CONFIG, 0x01,
                List.of(request.toParameter(), response.toParameter(), all.toParameter()));
        byte[] wire = roundTrip(chunk);
        // 4 + 12 + 6 (odd stream count: 22, padded to 24) + 12 + 16 (last).
        assertThat(Bytes.u16(wire, 14)).isEqualTo(4 + 24 + 12 + 16);
        ParameterChunk back = (ParameterChunk) SctpPacket.decode(wire).chunks().get(0);
        assertThat(OutgoingResetRequest.decode(back.parameters().get(0))).isEqualTo(request);
        assertThat(ReconfigResponse.decode(back.parameters().get(1))).isEqualTo(response);
        assertThat(OutgoingResetRequest.decode(back.parameters().get(2))).isEqualTo(all);
        assertThat(back.parameter(SctpParameter.RECONFIGURATION_RESPONSE)).isEqualTo(response.toParameter());
        assertThat(back.parameter(SctpParameter.SSN_TSN_RESET_REQUEST)).isNull();
    }

    /** HEARTBEAT, HEARTBEAT ACK, ABORT and ERROR share the parameter layout. */
    @Test
    void parameterChunks() throws SctpException {
        SctpParameter info = new SctpParameter(SctpParameter.HEARTBEAT_INFO, HEX.parseHex("0102030405060708090a0b"));
        roundTrip(new ParameterChunk(SctpChunk.HEARTBEAT, 0xF0, List.of(info)));
        roundTrip(new ParameterChunk(SctpChunk.HEARTBEAT_ACK, 0, List.of(info)));
        roundTrip(new ParameterChunk(SctpChunk.ABORT, ParameterChunk.TAG_REFLECTED, List.of(
                new SctpParameter(12, "bye".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),   // User-Initiated Abort
                new SctpParameter(0x7777, new byte[0]))));
        roundTrip(new ParameterChunk(SctpChunk.ABORT, 0, List.of()));
        roundTrip(new ParameterChunk(SctpChunk.ERROR, 0, List.of(new SctpParameter(6, HEX.parseHex("7f000004")))));
    }

    @Test
    void rawAndUnknownChunks() throws SctpException {
        roundTrip(new RawChunk(SctpChunk.COOKIE_ECHO, 0, HEX.parseHex("c0ffee0102030405060708090a0b0c0d0e")));
        roundTrip(RawChunk.empty(SctpChunk.COOKIE_ACK, 0));
        roundTrip(RawChunk.empty(SctpChunk.SHUTDOWN_ACK, 0x02));
        roundTrip(RawChunk.empty(SctpChunk.SHUTDOWN_COMPLETE, ParameterChunk.TAG_REFLECTED));
        roundTrip(new RawChunk(SctpChunk.PAD, 0, new byte[13]));
        for (int type : new int[] {12, 63, 64, 127, 128, 191, 255}) {
            RawChunk unknown = new RawChunk(type, 0xFF ^ type, new byte[] {(byte) type, 2, 3});
            roundTrip(unknown);
            assertThat(unknown.toString()).startsWith("UNKNOWN(" + type + ")");
        }
        assertThat(SctpChunk.typeName(SctpChunk.INIT_ACK)).isEqualTo("INIT_ACK");
    }

    /** Several chunks in one packet, each found where the chunk before it ends, padding included. */
    @Test
    void bundles() throws SctpException {
        SctpPacket packet = new SctpPacket(0xFFFF, 0, 0xFFFFFFFFL, List.of(
                new RawChunk(SctpChunk.COOKIE_ECHO, 0, new byte[] {1, 2, 3, 4, 5}),
                new DataChunk(DataChunk.BEGINNING, 10, 1, 0, 53, new byte[] {1}),
                new DataChunk(DataChunk.END, 11, 1, 0, 53, new byte[] {2, 3}),
                new SackChunk(0, 3, 4, List.of(), List.of()),
                RawChunk.empty(SctpChunk.COOKIE_ACK, 0)));
        byte[] wire = packet.encode();
        SctpPacket back = SctpPacket.decode(wire);
        assertThat(back).isEqualTo(packet);
        assertThat(back.hashCode()).isEqualTo(packet.hashCode());
        assertThat(back.encode()).isEqualTo(wire);

        // At an offset inside a larger buffer, with garbage around it.
        byte[] framed = new byte[wire.length + 9];
        Arrays.fill(framed, (byte) 0xEE);
        System.arraycopy(wire, 0, framed, 5, wire.length);
        assertThat(SctpPacket.decode(framed, 5, wire.length)).isEqualTo(packet);
        byte[] out = new byte[wire.length + 4];
        assertThat(packet.encode(out, 3, new Crc32c())).isEqualTo(wire.length);
        assertThat(Arrays.copyOfRange(out, 3, 3 + wire.length)).isEqualTo(wire);

        // Without a CRC (RFC 9653), the field stays zero and nothing else changes.
        byte[] zero = new byte[wire.length];
        packet.encode(zero, 0, null);
        assertThat(Crc32c.readField(zero, 0)).isZero();
        assertThat(Arrays.copyOfRange(zero, 12, zero.length)).isEqualTo(Arrays.copyOfRange(wire, 12, wire.length));
    }

    /**
     * Encodes the chunk alone in a packet and checks that it decodes to an equal chunk, that the
     * reader frames it the same way and that the encoding is stable; returns the packet's bytes.
     */
    private static byte[] roundTrip(SctpChunk chunk) throws SctpException {
        SctpPacket packet = SctpPacket.of(5000, 5000, 0x01020304L, chunk);
        byte[] wire = packet.encode();
        assertThat(wire.length).isEqualTo(packet.encodedLength()).isEqualTo(12 + Bytes.padded(4 + chunk.valueLength()));
        assertThat(new Crc32c().matches(wire, 0, wire.length)).isTrue();
        SctpPacket back = SctpPacket.decode(wire);
        assertThat(back).isEqualTo(packet);
        assertThat(back.chunks().get(0)).isEqualTo(chunk).hasSameHashCodeAs(chunk).hasToString(chunk.toString());
        assertThat(back.encode()).isEqualTo(wire);

        ChunkReader reader = new ChunkReader().reset(wire, 0, wire.length);
        assertThat(reader.next()).isTrue();
        assertThat(reader.type()).isEqualTo(chunk.type());
        assertThat(reader.flags()).isEqualTo(chunk.flags());
        assertThat(reader.valueLength()).isEqualTo(chunk.valueLength());
        assertThat(reader.decodeChunk()).isEqualTo(chunk);
        assertThat(reader.next()).isFalse();
        return wire;
    }

    private static byte[] initAck(InitChunk chunk) {
        return SctpPacket.of(1, 2, 3, chunk).encode();
    }
}
