package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelEvent;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.dtls.DtlsConfig;

/**
 * The data-channel scenarios that rtc4j's SCTP association and data channels, over rtc4j's ICE and DTLS
 * on loopback UDP, must pass against every independent {@link RemotePeer}; a subclass names the peers
 * ({@link #peers()}). Channels open from either side in every signalling direction and DTLS role; the
 * peer echoes text and binary messages from 0 bytes to 256 KiB (up to its max-message-size); ordered,
 * unordered, {@code maxRetransmits: 0}, {@code maxPacketLifeTime} and negotiated channels; closes from
 * either side are seen by the other; 100 channels at once. Each test starts its own peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataChannelInteropScenarios {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int[] SIZES = {0, 1, 1000, 1200, 16 * 1024, 65536, 256 * 1024};

    /** Starts one remote peer. */
    @FunctionalInterface
    interface Starter {
        RemotePeer start() throws Exception;
    }

    /** A named way to start a remote peer; the name is what the test names show. */
    record PeerFactory(String name, Starter starter) {
        RemotePeer start() throws Exception {
            return starter.start();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The peers every scenario runs against. */
    abstract List<PeerFactory> peers();

    List<Arguments> peersAndSignalling() {
        return peers().stream()
                .flatMap(peer -> Arrays.stream(Signalling.values()).map(s -> Arguments.of(peer, s)))
                .toList();
    }

    List<Arguments> peerArguments() {
        return peers().stream().map(Arguments::of).toList();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("peersAndSignalling")
    void echoesOnChannelsOpenedByEitherSide(PeerFactory factory, Signalling signalling) throws Exception {
        try (RemotePeer peer = factory.start();
             DtlsSctpPeer jvm = new DtlsSctpPeer("jvm-" + peer.name(), DtlsConfig.DEFAULT);
             JvmDataChannels dc = new JvmDataChannels(jvm)) {
            peer.command("createChannel", "label", "from-peer");
            signalling.connect(peer, jvm, WAIT);
            // The peer's channel reaches us...
            DataChannel theirs = ((DataChannelEvent.Open) dc.await(e -> e instanceof DataChannelEvent.Open o
                    && o.channel().label().equals("from-peer"), WAIT, "the peer's channel")).channel();
            // ...and ours reaches the peer.
            DataChannel ours = dc.call(t -> t.createDataChannel("from-jvm", DataChannelInit.DEFAULT));
            peer.await(e -> e.isEvent("channel") && "from-jvm".equals(e.text("label")), WAIT);
            assertThat(ours.id() % 2).as("stream id parity of the DTLS %s", jvm.dtlsRole().orElseThrow())
                    .isEqualTo(jvm.dtlsRole().orElseThrow() == org.rtc4j.dtls.DtlsRole.CLIENT ? 0 : 1);
            for (DataChannel ch : List.of(theirs, ours)) {
                echoEverySize(dc, ch, maxSize(jvm));
            }
            // The peer's own sends (not echoes) arrive too, text and binary.
            int before = count(dc, theirs);
            byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80};
            peer.command("send", "label", "from-peer", "text", "hello from " + peer.name());
            peer.command("send", "label", "from-peer", "base64", Base64.getEncoder().encodeToString(bytes));
            dc.awaitAll(all -> count(all, theirs) >= before + 2, WAIT, "the peer's two messages");
            List<DataChannelMessage> got = dc.events().stream()
                    .filter(e -> e instanceof DataChannelEvent.Message m && m.channel() == theirs)
                    .map(e -> ((DataChannelEvent.Message) e).message()).skip(before).toList();
            assertThat(got.get(0).binary()).isFalse();
            assertThat(got.get(0).text()).isEqualTo("hello from " + peer.name());
            assertThat(got.get(1).binary()).isTrue();
            assertThat(got.get(1).data()).isEqualTo(bytes);
            assertNoErrors(peer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerArguments")
    void unorderedLossyAndNegotiatedChannels(PeerFactory factory) throws Exception {
        try (RemotePeer peer = factory.start();
             DtlsSctpPeer jvm = new DtlsSctpPeer("jvm-" + peer.name(), DtlsConfig.DEFAULT);
             JvmDataChannels dc = new JvmDataChannels(jvm)) {
            peer.command("createChannel", "label", "neg", "negotiated", true, "id", 42);
            Signalling.PEER_OFFERS_JVM_CLIENT.connect(peer, jvm, WAIT);
            dc.awaitConnected(WAIT);
            DataChannel unordered = dc.call(t -> t.createDataChannel("unordered", DataChannelInit.DEFAULT.withOrdered(false)));
            DataChannel lossy = dc.call(t -> t.createDataChannel("lossy",
                    DataChannelInit.DEFAULT.withOrdered(false).withMaxRetransmits(0)));
            DataChannel timed = dc.call(t -> t.createDataChannel("timed", DataChannelInit.DEFAULT.withMaxPacketLifeTime(500)));
            DataChannel negotiated = dc.call(t -> t.createDataChannel("neg", DataChannelInit.DEFAULT.withNegotiatedId(42)));
            for (String label : List.of("unordered", "lossy", "timed")) {
                peer.await(e -> e.isEvent("channel") && label.equals(e.text("label")), WAIT);
            }
            for (DataChannel ch : List.of(unordered, lossy, timed, negotiated)) {
                echoEverySize(dc, ch, 64 * 1024);
            }
            assertNoErrors(peer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerArguments")
    void closesFromEitherSideAreSeenByTheOther(PeerFactory factory) throws Exception {
        try (RemotePeer peer = factory.start();
             DtlsSctpPeer jvm = new DtlsSctpPeer("jvm-" + peer.name(), DtlsConfig.DEFAULT);
             JvmDataChannels dc = new JvmDataChannels(jvm)) {
            peer.command("createChannel", "label", "peer-closes");
            Signalling.JVM_OFFERS.connect(peer, jvm, WAIT);
            DataChannel theirs = ((DataChannelEvent.Open) dc.await(e -> e instanceof DataChannelEvent.Open o
                    && o.channel().label().equals("peer-closes"), WAIT, "the peer's channel")).channel();
            DataChannel ours = dc.call(t -> t.createDataChannel("jvm-closes", DataChannelInit.DEFAULT));
            peer.await(e -> e.isEvent("open") && "jvm-closes".equals(e.text("label")), WAIT);

            dc.call(t -> {
                ours.close();
                return null;
            });
            peer.await(e -> e.isEvent("closed") && "jvm-closes".equals(e.text("label")), WAIT);
            dc.await(e -> e instanceof DataChannelEvent.Closed c && c.channel() == ours, WAIT, "our channel closed");

            peer.command("closeChannel", "label", "peer-closes");
            dc.await(e -> e instanceof DataChannelEvent.Closed c && c.channel() == theirs, WAIT, "their channel closed");
            assertThat(theirs.readyState()).isEqualTo(DataChannelState.CLOSED);
            assertThat(dc.events()).anyMatch(e -> e instanceof DataChannelEvent.Closing c && c.channel() == theirs);
            // The stream ids are free again: a new channel works.
            DataChannel again = dc.call(t -> t.createDataChannel("again", DataChannelInit.DEFAULT));
            echo(dc, again, "after the closes".getBytes(StandardCharsets.UTF_8), false);
            assertNoErrors(peer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerArguments")
    void hundredChannelsAtOnce(PeerFactory factory) throws Exception {
        try (RemotePeer peer = factory.start();
             DtlsSctpPeer jvm = new DtlsSctpPeer("jvm-" + peer.name(), DtlsConfig.DEFAULT);
             JvmDataChannels dc = new JvmDataChannels(jvm)) {
            peer.command("createChannel", "label", "first");
            Signalling.PEER_OFFERS_JVM_SERVER.connect(peer, jvm, WAIT);
            dc.await(e -> e instanceof DataChannelEvent.Open, WAIT, "the first channel");
            List<DataChannel> channels = dc.call(t -> {
                List<DataChannel> list = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    list.add(t.createDataChannel("c" + i, DataChannelInit.DEFAULT));
                }
                return list;
            });
            dc.call(t -> {
                channels.forEach(ch -> ch.send(ch.label()));
                return null;
            });
            dc.awaitAll(all -> all.stream().filter(e -> e instanceof DataChannelEvent.Message m
                    && m.channel().label().startsWith("c")).count() == 100, WAIT, "100 echoes");
            for (DataChannelEvent e : dc.events()) {
                if (e instanceof DataChannelEvent.Message m && m.channel().label().startsWith("c")) {
                    assertThat(m.message().text()).isEqualTo(m.channel().label());
                }
            }
            dc.call(t -> {
                channels.forEach(DataChannel::close);
                return null;
            });
            peer.awaitCount(e -> e.isEvent("closed") && e.text("label").startsWith("c"), 100, WAIT);
            dc.awaitAll(all -> channels.stream().allMatch(ch -> ch.readyState() == DataChannelState.CLOSED), WAIT,
                    "100 closed");
            assertNoErrors(peer);
        }
    }

    /** The peer reported no error (a failed command, an echo it could not send, a channel error). */
    private static void assertNoErrors(RemotePeer peer) {
        assertThat(peer.events()).as("%s's error events", peer.name()).noneMatch(e -> e.isEvent("error"));
    }

    private static int maxSize(DtlsSctpPeer jvm) {
        return (int) Math.min(256 * 1024, jvm.remote().orElseThrow().maxMessageSize());
    }

    /** Sends text and binary messages of every size up to {@code max} and checks each echo. */
    private static void echoEverySize(JvmDataChannels dc, DataChannel ch, int max) throws InterruptedException {
        for (int size : SIZES) {
            if (size > max) {
                continue;
            }
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) ('a' + (i * 7 + size) % 26);
            }
            echo(dc, ch, data, true);
            echo(dc, ch, data, false);
        }
    }

    private static void echo(JvmDataChannels dc, DataChannel ch, byte[] data, boolean binary) throws InterruptedException {
        int before = count(dc, ch);
        dc.call(t -> {
            if (binary) {
                ch.send(data);
            } else {
                ch.send(new String(data, StandardCharsets.UTF_8));
            }
            return null;
        });
        dc.awaitAll(all -> count(all, ch) > before, WAIT, "echo of " + data.length + " bytes on " + ch.label());
        DataChannelMessage echoed = last(dc, ch);
        assertThat(echoed.binary()).as("kind of the echo on %s", ch.label()).isEqualTo(binary);
        assertThat(echoed.data()).as("%d-byte echo on %s", data.length, ch.label()).isEqualTo(data);
    }

    private static int count(JvmDataChannels dc, DataChannel ch) {
        return count(dc.events(), ch);
    }

    private static int count(List<DataChannelEvent> all, DataChannel ch) {
        return (int) all.stream().filter(e -> e instanceof DataChannelEvent.Message m && m.channel() == ch).count();
    }

    private static DataChannelMessage last(JvmDataChannels dc, DataChannel ch) {
        DataChannelMessage last = null;
        for (DataChannelEvent e : dc.events()) {
            if (e instanceof DataChannelEvent.Message m && m.channel() == ch) {
                last = m.message();
            }
        }
        return last;
    }
}
