package org.rtc4j.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SCTP packets captured from real WebRTC stacks (libdatachannel's usrsctp, libwebrtc's dcsctp and
 * Chromium's dcsctp, see {@code captured/README.md}) decode with this codec, carry a valid CRC32c or the zero checksum
 * of RFC 9653, and re-encode byte for byte.
 */
class CapturedPacketsTest {
    /** The directories under {@code captured/}, one per peer. */
    private static final List<String> PEERS = List.of("chromium", "libdatachannel", "libwebrtc");

    static Path capturedDirectory() throws URISyntaxException {
        URL url = CapturedPacketsTest.class.getResource("captured");
        assertThat(url).as("the captured/ resource directory").isNotNull();
        return Path.of(url.toURI());
    }

    static Stream<Arguments> capturedPackets() throws IOException, URISyntaxException {
        Path dir = capturedDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".hex")).sorted()
                    .map(p -> Arguments.of(dir.relativize(p).toString(), p))
                    .toList().stream();
        }
    }

    /** The bytes of a capture file: {@code #} lines are comments, the rest is hex. */
    static byte[] read(Path file) throws IOException {
        String hex = Files.readAllLines(file).stream()
                .filter(line -> !line.startsWith("#"))
                .map(String::strip)
                .collect(Collectors.joining());
        return HexFormat.of().parseHex(hex);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturedPackets")
    void decodesChecksAndReencodesByteForByte(String name, Path file) throws Exception {
        byte[] captured = read(file);
        boolean zeroChecksum = Crc32c.readField(captured, 0) == 0;
        if (!zeroChecksum) {
            assertThat(new Crc32c().matches(captured, 0, captured.length)).as("CRC32c of %s", name).isTrue();
        }
        // A zero checksum is only legal once both sides agreed on RFC 9653 in INIT / INIT ACK; usrsctp
        // then uses it for every packet after its INIT, including the INIT ACK.

        SctpPacket packet = SctpPacket.decode(captured);
        assertThat(packet.sourcePort()).isEqualTo(5000);
        assertThat(packet.destinationPort()).isEqualTo(5000);
        assertThat(chunkNames(packet)).as("the chunks the file name promises").isEqualTo(expectedChunkNames(file));

        byte[] encoded = new byte[packet.encodedLength()];
        int n = packet.encode(encoded, 0, zeroChecksum ? null : new Crc32c());
        assertThat(n).isEqualTo(captured.length);
        assertThat(HexFormat.of().formatHex(encoded)).as("re-encoded %s", name).isEqualTo(HexFormat.of().formatHex(captured));
    }

    /** {@code 16-sack+data-dcep-ack.hex} promises a SACK and a DATA chunk. */
    private static String expectedChunkNames(Path file) {
        String kind = file.getFileName().toString().replaceFirst("^\\d+-", "").replaceFirst("\\.hex$", "");
        return Stream.of(kind.split("\\+"))
                .map(k -> k.startsWith("data-") ? "data" : k.startsWith("re-config-") ? "re-config" : k)
                .distinct().collect(Collectors.joining("+"));
    }

    private static String chunkNames(SctpPacket packet) {
        return packet.chunks().stream()
                .map(c -> SctpChunk.typeName(c.type()).toLowerCase(Locale.ROOT).replace('_', '-'))
                .distinct().collect(Collectors.joining("+"));
    }

    @Test
    void everyCaptureDirectoryIsAPeerCheckedHere() throws Exception {
        try (Stream<Path> dirs = Files.list(capturedDirectory())) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .as("the per-peer checks below cover every directory").containsExactlyInAnyOrderElementsOf(PEERS);
        }
    }

    @Test
    void eachPeerSentTheHandshakeDataAndControlChunks() throws Exception {
        for (String peer : PEERS) {
            Path dir = capturedDirectory().resolve(peer);
            List<String> kinds;
            try (Stream<Path> files = Files.list(dir)) {
                kinds = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".hex"))
                        .map(f -> f.replaceFirst("^\\d+-", "").replaceFirst("\\.hex$", "")).toList();
            }
            assertThat(kinds).as(peer).contains("init", "init-ack", "cookie-echo", "cookie-ack", "data-dcep-open", "sack",
                    "data-string", "data-binary", "data-string-empty", "data-binary-empty", "forward-tsn",
                    "re-config-request", "re-config-response");
        }
    }

    @Test
    void theControlChunksCarryWhatTheScriptAskedFor() throws Exception {
        for (String peer : PEERS) {
            Path dir = capturedDirectory().resolve(peer);
            InitChunk init = (InitChunk) only(dir, "init");
            assertThat(init.type()).isEqualTo(SctpChunk.INIT);
            assertThat(init.supportsForwardTsn()).as(peer).isTrue();
            assertThat(init.supportsExtension(SctpChunk.RE_CONFIG)).as(peer).isTrue();

            InitChunk initAck = (InitChunk) only(dir, "init-ack");
            assertThat(initAck.type()).isEqualTo(SctpChunk.INIT_ACK);
            assertThat(initAck.stateCookie()).as(peer + " state cookie").isNotEmpty();
            assertThat(initAck.initiateTag()).as(peer + ": the INIT ACK of a collision keeps the INIT's tag (RFC 9260 §5.2.1)")
                    .isEqualTo(init.initiateTag());

            RawChunk cookieEcho = (RawChunk) only(dir, "cookie-echo");
            assertThat(cookieEcho.value()).isNotEmpty();

            DataChunk open = (DataChunk) only(dir, "data-dcep-open");
            assertThat(open.ppid()).isEqualTo(50);
            assertThat(open.data()[0]).as("DATA_CHANNEL_OPEN").isEqualTo((byte) 0x03);

            ForwardTsnChunk forward = (ForwardTsnChunk) only(dir, "forward-tsn");
            assertThat(forward.skipped()).as(peer + ": the abandoned ordered message's stream and SSN").hasSize(1);

            ParameterChunk request = (ParameterChunk) only(dir, "re-config-request");
            OutgoingResetRequest reset = OutgoingResetRequest.decode(request.parameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST));
            assertThat(reset.streams()).as(peer + ": the closed channel's stream").hasSize(1);
            assertThat(reset.requestSeq()).as(peer + ": RFC 6525 §5.1.1, the first request number is the initial TSN")
                    .isEqualTo(init.initialTsn());

            ParameterChunk response = (ParameterChunk) only(dir, "re-config-response");
            ReconfigResponse answer = ReconfigResponse.decode(response.parameter(SctpParameter.RECONFIGURATION_RESPONSE));
            assertThat(answer.result()).isEqualTo(ReconfigResponse.SUCCESS_PERFORMED);
        }
    }

    /** The one chunk of the packet of a kind. */
    private static SctpChunk only(Path dir, String kind) throws IOException, SctpException {
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().matches("\\d+-" + kind + "\\.hex")).findFirst().orElseThrow();
        }
        SctpPacket packet = SctpPacket.decode(read(file));
        assertThat(packet.chunks()).as(file.toString()).hasSize(1);
        return packet.chunks().get(0);
    }
}
