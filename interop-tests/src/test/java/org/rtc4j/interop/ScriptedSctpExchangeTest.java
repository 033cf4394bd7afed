package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.interop.DataChannelInteropScenarios.PeerFactory;
import org.rtc4j.sctp.Crc32c;
import org.rtc4j.sctp.SctpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole data-channel life against each real peer (libdatachannel and libwebrtc as node child
 * processes, Chromium through Selenium: every {@link RemotePeer}), with {@link ScriptedSctpResponder} standing
 * in for rtc4j's SCTP association: the handshake (both sides send INIT, so the peer sends INIT, INIT
 * ACK and COOKIE ECHO), DCEP opens of a reliable and a {@code maxRetransmits: 0} channel, text and
 * binary messages (empty, small, fragmented) with SACKs, a message we "lose" that the peer abandons
 * with FORWARD-TSN, our message echoed back, a channel close by stream reset (RE-CONFIG both ways), and
 * the peer closing its connection.
 *
 * <p>Every SCTP packet the peer sent is then decoded by rtc4j's codec, checked (CRC32c, or a zero
 * checksum once RFC 9653 was agreed) and re-encoded byte for byte: live round trips of the codec.
 *
 * <p>Re-capture: with {@code -Drtc4j.sctp.captureDir=DIR} the first packet of each kind the peer sent
 * is written to {@code DIR/<peer>/NN-<kind>.hex} (see {@link CapturedPackets}); the README there says how.
 */
class ScriptedSctpExchangeTest {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptedSctpExchangeTest.class);
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A text message larger than one DTLS record, so that the peer fragments it into several DATA chunks. */
    private static final int LARGE = 3000;
    /** The stream of the channel we open; even, as we are the DTLS client (RFC 8832 §6). */
    private static final int OUR_STREAM = 2;

    /** The peers the script runs against; their names are the capture directories. */
    static List<PeerFactory> peers() {
        return Stream.concat(
                Arrays.stream(NodePeer.Implementation.values()).map(impl -> new PeerFactory(impl.argument(), () -> NodePeer.start(impl))),
                Stream.of(new PeerFactory("chromium", ChromiumPeer::start))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void dataChannelLifeWithTheScriptedResponder(PeerFactory factory) throws Exception {
        Result result = exchange(factory);
        List<DtlsSctpPeer.SctpRecord> received = result.log().stream()
                .filter(r -> r.direction() == DtlsSctpPeer.Direction.RECEIVED).toList();
        Crc32c crc = new Crc32c();
        for (DtlsSctpPeer.SctpRecord r : received) {
            byte[] b = r.packet();
            boolean zero = Crc32c.readField(b, 0) == 0;
            assertThat(zero || crc.matches(b, 0, b.length)).as("checksum of %s", CapturedPackets.describe(b)).isTrue();
            SctpPacket packet = SctpPacket.decode(b);
            byte[] again = new byte[packet.encodedLength()];
            packet.encode(again, 0, zero ? null : crc);
            assertThat(again).as("re-encoded %s", CapturedPackets.describe(b)).isEqualTo(b);
        }
        String captureDir = System.getProperty("rtc4j.sctp.captureDir", "");
        if (!captureDir.isBlank()) {
            CapturedPackets.write(Path.of(captureDir).resolve(factory.name()), result.version(), result.log());
        }
    }

    /** What an exchange left behind. */
    record Result(String version, List<DtlsSctpPeer.SctpRecord> log) {
    }

    /**
     * Runs the script against a peer the factory starts: the peer offers and we answer as the DTLS
     * client; asserts each step on both sides; returns the SCTP log once the peer has closed its
     * connection and ended.
     */
    static Result exchange(PeerFactory factory) throws Exception {
        String version;
        DtlsSctpPeer jvm = new DtlsSctpPeer("jvm-" + factory.name(), DtlsConfig.DEFAULT);
        try (jvm) {
            ScriptedSctpResponder sctp = new ScriptedSctpResponder(jvm, true);
            jvm.onSctpPacket(sctp);
            // Both sides send INIT at once (a collision, RFC 9260 §5.2.1): the peer's INIT and its INIT ACK are captured.
            jvm.onDtlsConnected(sctp::sendInit);
            try (RemotePeer peer = factory.start()) {
                version = describeVersion(peer);
                script(jvm, sctp, peer);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nSCTP log:\n" + CapturedPackets.summary(jvm.sctpLog()), e);
            }
            // The peer has ended: whatever it sent while closing (SHUTDOWN, ABORT) is in the log.
        }
        List<DtlsSctpPeer.SctpRecord> log = jvm.sctpLog();
        LOG.info("{}: {} SCTP packets", factory.name(), log.size());
        LOG.debug("{} SCTP log:\n{}", factory.name(), CapturedPackets.summary(log));
        assertThat(log.stream().filter(r -> r.direction() == DtlsSctpPeer.Direction.RECEIVED)
                .flatMap(r -> Arrays.stream(CapturedPackets.kind(r.packet()).split("\\+"))))
                .contains("init", "init-ack", "cookie-echo", "cookie-ack", "data-dcep-open", "data-dcep-ack", "sack", "forward-tsn",
                        "re-config-request", "re-config-response");
        return new Result(version, log);
    }

    private static void script(DtlsSctpPeer jvm, ScriptedSctpResponder sctp, RemotePeer peer) throws Exception {
        peer.command("createChannel", "label", "chat");
        peer.command("createChannel", "label", "lossy", "maxRetransmits", 0);
        Signalling.PEER_OFFERS_JVM_CLIENT.connect(peer, jvm, WAIT);
        jvm.awaitDtlsConnected(WAIT);
        sctp.await(s -> s.established() && s.channels().size() == 2, WAIT, "association and two DCEP opens");
        peer.await(e -> e.isEvent("open") && "chat".equals(e.text("label")), WAIT);
        peer.await(e -> e.isEvent("open") && "lossy".equals(e.text("label")), WAIT);
        ScriptedSctpResponder.OpenedChannel chat = channel(sctp, "chat");
        ScriptedSctpResponder.OpenedChannel lossy = channel(sctp, "lossy");
        assertThat(chat.partiallyReliable()).isFalse();
        assertThat(lossy.partiallyReliable()).isTrue();
        assertThat(lossy.reliability()).isZero();

        // The peer's messages: text, empty text, binary, empty binary, a fragmented text.
        byte[] large = new byte[LARGE];
        Arrays.fill(large, (byte) 'x');
        peer.command("send", "label", "chat", "text", "hello from " + peer.name());
        peer.command("send", "label", "chat", "text", "");
        peer.command("send", "label", "chat", "base64", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        peer.command("send", "label", "chat", "base64", "");
        peer.command("send", "label", "chat", "text", new String(large, StandardCharsets.US_ASCII));
        ScriptedSctpResponder.Snapshot s = sctp.await(x -> x.messages().size() >= 5, WAIT, "five messages on chat");
        List<ScriptedSctpResponder.Message> m = s.messages();
        assertThat(m).hasSize(5).allMatch(x -> x.streamId() == chat.streamId());
        assertThat(m.get(0).text()).isEqualTo("hello from " + peer.name());
        assertThat(m.get(0).ppid()).isEqualTo(ScriptedSctpResponder.PPID_STRING);
        assertThat(m.get(1).ppid()).isEqualTo(ScriptedSctpResponder.PPID_STRING_EMPTY);
        assertThat(m.get(2).data()).containsExactly(1, 2, 3);
        assertThat(m.get(2).ppid()).isEqualTo(ScriptedSctpResponder.PPID_BINARY);
        assertThat(m.get(3).ppid()).isEqualTo(ScriptedSctpResponder.PPID_BINARY_EMPTY);
        assertThat(m.get(4).data()).isEqualTo(large);

        // A message on the maxRetransmits: 0 channel that we never acknowledge: the peer gives up on it.
        peer.command("send", "label", "lossy", "text", "this one gets lost");
        sctp.await(x -> !x.lostMessages().isEmpty() && !x.forwardTsns().isEmpty(), WAIT, "FORWARD-TSN after a lost message");

        // Our message, echoed by the peer.
        jvm.runOnLoop(() -> sctp.sendMessage(chat.streamId(), ScriptedSctpResponder.PPID_STRING,
                "echo me".getBytes(StandardCharsets.UTF_8)));
        peer.await(e -> e.isEvent("echoed") && "chat".equals(e.text("label")) && e.number("size").orElse(-1L) == 7, WAIT);
        sctp.await(x -> x.messages().stream().anyMatch(msg -> msg.text().equals("echo me")), WAIT, "the echo");

        // A channel we open: the peer acknowledges it (DCEP ACK) and echoes on it. We are the DTLS client: even ids.
        jvm.runOnLoop(() -> sctp.openChannel(OUR_STREAM, "from-jvm"));
        peer.await(e -> e.isEvent("channel") && "from-jvm".equals(e.text("label")), WAIT);
        sctp.await(x -> x.acknowledgedStreams().contains(OUR_STREAM), WAIT, "DATA_CHANNEL_ACK");
        jvm.runOnLoop(() -> sctp.sendMessage(OUR_STREAM, ScriptedSctpResponder.PPID_BINARY, new byte[] {9, 8, 7, 6}));
        sctp.await(x -> x.messages().stream().anyMatch(msg -> msg.streamId() == OUR_STREAM && msg.data().length == 4), WAIT,
                "the echo on our channel");

        // The peer closes the channel: it resets its outgoing stream, we reset ours, it answers.
        peer.command("closeChannel", "label", "chat");
        sctp.await(x -> !x.peerResets().isEmpty() && !x.peerResponses().isEmpty(), WAIT, "RE-CONFIG request and response");
        peer.await(e -> e.isEvent("closed") && "chat".equals(e.text("label")), WAIT);
        assertThat(sctp.snapshot().peerResets().get(0).streams()).containsExactly(chat.streamId());
        assertThat(sctp.snapshot().unexpected()).isEmpty();

        // The peer closes its connection: it closes its other channels (RE-CONFIG) and ends the association
        // (SHUTDOWN or ABORT), which we wait for, as Chromium is quit right after.
        peer.command("close");
        jvm.awaitSctp(r -> r.direction() == DtlsSctpPeer.Direction.RECEIVED
                && Arrays.stream(CapturedPackets.kind(r.packet()).split("\\+")).anyMatch(k -> k.equals("shutdown") || k.equals("abort")),
                WAIT, "SHUTDOWN or ABORT after the peer closed its connection");
        peer.close();
        if (peer instanceof NodePeer process) {
            assertThat(process.exitCode()).as("the node peer's exit code once its stdin closed").isZero();
        }
    }

    private static ScriptedSctpResponder.OpenedChannel channel(ScriptedSctpResponder sctp, String label) {
        return sctp.snapshot().channels().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
    }

    /**
     * The peer's version for the captured files: a node peer's library version and its npm package's,
     * Chromium's version as the browser reports it to chromedriver.
     */
    static String describeVersion(RemotePeer peer) throws java.io.IOException {
        if (peer instanceof NodePeer node) {
            NodePeer.Implementation impl = node.implementation();
            return node.version() + " (npm " + impl.npmPackage() + " " + versionOf(impl) + ")";
        }
        if (peer instanceof ChromiumPeer chromium) {
            // The user agent names only the major version (Chrome/156.0.0.0): keep its product token next to the full one.
            java.util.regex.Matcher product = java.util.regex.Pattern.compile("\\S*Chrome/\\S+").matcher(chromium.version());
            return "Chromium " + chromium.browserVersion() + (product.find() ? " (user agent " + product.group() + ")" : "");
        }
        return peer.name() + " " + peer.version();
    }

    /** The version of the npm package, from its package.json. */
    static String versionOf(NodePeer.Implementation impl) throws java.io.IOException {
        Path json = NodePeer.directory().resolve("node_modules").resolve(impl.npmPackage()).resolve("package.json");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(java.nio.file.Files.readString(json));
        return m.find() ? m.group(1) : "unknown";
    }
}
