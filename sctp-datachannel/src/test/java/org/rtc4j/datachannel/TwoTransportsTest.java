package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rtc4j.datachannel.TwoTransports.messages;
import static org.rtc4j.datachannel.TwoTransports.of;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.sctp.SctpConfig;

/**
 * The data-channel scenarios of issue 5 over two real {@link org.rtc4j.sctp.SctpAssociation}s on
 * simulated time: opening from either side, messages of every kind, negotiated channels, closing
 * from either side, 1024 channels, max-message-size.
 */
class TwoTransportsTest {
    /** Two transports, not connected, with each side's settings. */
    private static TwoTransports pair(SctpConfig clientConfig, SctpConfig serverConfig) {
        return TwoTransports.overSctp(clientConfig, serverConfig);
    }

    private TwoTransports pair(SctpConfig config) {
        return pair(config, config);
    }

    private TwoTransports pair() {
        return pair(SctpConfig.DEFAULT);
    }

    @Test
    void clientOpensBeforeConnectOnAnEvenId() {
        var t = pair();
        DataChannel chat = t.client.createDataChannel("chat",
                DataChannelInit.DEFAULT.withProtocol("json").withOrdered(false).withMaxRetransmits(2));
        List<String> opened = new ArrayList<>();
        chat.onOpen(() -> opened.add("client"));
        assertThat(chat.readyState()).isEqualTo(DataChannelState.CONNECTING);
        assertThat(chat.id() % 2).isZero();

        t.connect();
        t.runUntil(() -> !t.serverIncoming.isEmpty());

        DataChannel remote = t.serverIncoming.get(0);
        assertThat(opened).containsExactly("client");
        assertThat(chat.readyState()).isEqualTo(DataChannelState.OPEN);
        assertThat(remote.readyState()).isEqualTo(DataChannelState.OPEN);
        assertThat(remote.id()).isEqualTo(chat.id());
        assertThat(remote.label()).isEqualTo("chat");
        assertThat(remote.protocol()).isEqualTo("json");
        assertThat(remote.ordered()).isFalse();
        assertThat(remote.maxRetransmits()).hasValue(2);
        assertThat(remote.maxPacketLifeTime()).isEmpty();
        assertThat(remote.negotiated()).isFalse();
        // the W3C order: datachannel, then open
        assertThat(t.serverEvents.get(0)).isInstanceOf(DataChannelEvent.ChannelOpened.class);
        assertThat(t.serverEvents.get(1)).isInstanceOf(DataChannelEvent.Open.class);
        assertThat(t.clientIncoming).isEmpty();
    }

    @Test
    void serverOpensAfterConnectOnAnOddId() {
        var t = pair().connect();
        DataChannel a = t.server.createDataChannel("a", DataChannelInit.DEFAULT.withMaxPacketLifeTime(500));
        DataChannel b = t.server.createDataChannel("b", DataChannelInit.DEFAULT);
        assertThat(a.id()).isEqualTo(1);
        assertThat(b.id()).isEqualTo(3);
        t.runUntil(() -> t.clientIncoming.size() == 2);
        assertThat(t.clientIncoming).extracting(DataChannel::label).containsExactly("a", "b");
        assertThat(t.clientIncoming.get(0).maxPacketLifeTime()).hasValue(Duration.ofMillis(500));
        assertThat(t.client.createDataChannel("c", DataChannelInit.DEFAULT).id()).isZero();
    }

    @Test
    void textBinaryAndEmptyMessagesArriveInOrder() {
        var t = pair().connect();
        DataChannel ch = t.client.createDataChannel("m", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        List<DataChannelMessage> got = new ArrayList<>();
        t.serverIncoming.get(0).onMessage(got::add);

        ch.send("héllo ✓");
        ch.send(new byte[] {1, 2, 3});
        ch.send("");
        ch.send(new byte[0]);
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2);
        ch.send(buffer);
        assertThat(buffer.position()).isEqualTo(1);
        t.runUntil(() -> got.size() == 5);

        assertThat(got).containsExactly(DataChannelMessage.ofText("héllo ✓"),
                DataChannelMessage.ofBinary(new byte[] {1, 2, 3}), DataChannelMessage.ofText(""),
                DataChannelMessage.ofBinary(new byte[0]), DataChannelMessage.ofBinary(new byte[] {8, 7}));
        assertThat(got.get(0).text()).isEqualTo("héllo ✓");
        assertThat(ch.stats().messagesSent()).isEqualTo(5);
        assertThat(t.serverIncoming.get(0).stats().messagesReceived()).isEqualTo(5);
    }

    @Test
    void messagesBeforeAHandlerAreHeldAndDeliveredFirstInOrder() {
        var t = pair().connect();
        DataChannel ch = t.client.createDataChannel("early", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        DataChannel at = t.serverIncoming.get(0);
        ch.send("one");
        ch.send("two");
        t.runUntil(() -> at.stats().messagesReceived() == 2);
        List<DataChannelMessage> got = new ArrayList<>();
        at.onMessage(got::add);                             // as a thread other than the transport's would, late
        assertThat(got).containsExactly(DataChannelMessage.ofText("one"), DataChannelMessage.ofText("two"));
        ch.send("three");
        t.runUntil(() -> got.size() == 3);
        assertThat(got.get(2).text()).isEqualTo("three");
    }

    @Test
    void heldMessagesAreBoundedAndTheRestDropped() {
        var t = pair().connect();
        DataChannel ch = t.client.createDataChannel("flood", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        DataChannel at = t.serverIncoming.get(0);
        int size = (int) (DataChannel.MAX_HELD_BYTES / 4);
        for (int i = 0; i < 6; i++) {
            byte[] m = new byte[size];
            m[0] = (byte) i;
            ch.send(m);
        }
        t.runUntil(() -> at.stats().messagesReceived() == 6);
        List<DataChannelMessage> got = new ArrayList<>();
        at.onMessage(got::add);
        assertThat(got).hasSize(4);
        assertThat(got).extracting(m -> (int) m.data()[0]).containsExactly(0, 1, 2, 3);
    }

    @Test
    void repliesFlowBackOnTheSameChannel() {
        var t = pair().connect();
        t.server.onDataChannel(c -> c.onMessage(m -> c.send("echo " + m.text())));
        DataChannel ch = t.client.createDataChannel("echo", DataChannelInit.DEFAULT);
        t.runUntil(() -> ch.readyState() == DataChannelState.OPEN);
        ch.send("ping");
        t.runUntil(() -> !messages(t.clientEvents, ch.id()).isEmpty());
        assertThat(messages(t.clientEvents, ch.id()).get(0).text()).isEqualTo("echo ping");
    }

    @Test
    void negotiatedChannelOpensWithoutDcep() {
        var t = pair();
        DataChannel c = t.client.createDataChannel("n", DataChannelInit.DEFAULT.withNegotiatedId(5));
        DataChannel s = t.server.createDataChannel("n", DataChannelInit.DEFAULT.withNegotiatedId(5));
        t.connect();
        t.runUntil(() -> c.readyState() == DataChannelState.OPEN && s.readyState() == DataChannelState.OPEN);
        assertThat(c.id()).isEqualTo(5);
        assertThat(c.negotiated()).isTrue();
        c.send("to server");
        s.send("to client");
        t.runUntil(() -> !messages(t.serverEvents, 5).isEmpty() && !messages(t.clientEvents, 5).isEmpty());
        assertThat(messages(t.serverEvents, 5).get(0).text()).isEqualTo("to server");
        assertThat(messages(t.clientEvents, 5).get(0).text()).isEqualTo("to client");
        assertThat(t.clientIncoming).isEmpty();
        assertThat(t.serverIncoming).isEmpty();
        assertThat(t.client.stats().unexpectedDcep()).isZero();
        assertThatThrownBy(() -> t.client.createDataChannel("again", DataChannelInit.DEFAULT.withNegotiatedId(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in use");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closeFromEitherSideIsSeenByTheOther(boolean clientCloses) {
        var t = pair().connect();
        DataChannel ours = t.client.createDataChannel("bye", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        DataChannel theirs = t.serverIncoming.get(0);
        DataChannel closer = clientCloses ? ours : theirs;
        DataChannel other = clientCloses ? theirs : ours;
        var closerEvents = clientCloses ? t.clientEvents : t.serverEvents;
        var otherEvents = clientCloses ? t.serverEvents : t.clientEvents;
        List<String> otherSaw = new ArrayList<>();
        other.onMessage(m -> otherSaw.add(m.text()));
        other.onClosing(() -> otherSaw.add("closing"));
        other.onClose(() -> otherSaw.add("close"));

        closer.send("1");
        closer.send("2");
        closer.close();
        assertThat(closer.readyState()).isEqualTo(DataChannelState.CLOSING);
        assertThatThrownBy(() -> closer.send("3")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("InvalidStateError");
        t.runUntil(() -> closer.readyState() == DataChannelState.CLOSED && other.readyState() == DataChannelState.CLOSED);

        assertThat(otherSaw).containsExactly("1", "2", "closing", "close");
        assertThat(of(closerEvents, DataChannelEvent.Closing.class)).isEmpty();
        assertThat(of(closerEvents, DataChannelEvent.Closed.class)).hasSize(1);
        assertThat(of(otherEvents, DataChannelEvent.Closing.class)).hasSize(1);
        assertThat(t.client.channels()).isEmpty();
        assertThat(t.server.channels()).isEmpty();
        // the id is free again
        assertThat(t.client.createDataChannel("again", DataChannelInit.DEFAULT).id()).isEqualTo(ours.id());
    }

    @Test
    void opensAndCloses1024Channels() {
        var t = pair().connect();
        List<DataChannel> mine = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            mine.add(t.client.createDataChannel("c" + i, DataChannelInit.DEFAULT));
            mine.add(t.server.createDataChannel("s" + i, DataChannelInit.DEFAULT));
        }
        t.runUntil(() -> t.clientIncoming.size() == 512 && t.serverIncoming.size() == 512);
        assertThat(t.client.channels()).hasSize(1024);
        assertThat(t.server.channels()).hasSize(1024);
        assertThat(mine).extracting(DataChannel::id).doesNotHaveDuplicates().allMatch(id -> id < 1024);
        for (DataChannel ch : mine) {
            ch.send(ch.label());
        }
        t.runUntil(() -> of(t.clientEvents, DataChannelEvent.Message.class).size() == 512
                && of(t.serverEvents, DataChannelEvent.Message.class).size() == 512);
        for (DataChannel ch : mine) {
            ch.close();
        }
        t.runUntil(() -> t.client.channels().isEmpty() && t.server.channels().isEmpty());
        assertThat(mine).allMatch(ch -> ch.readyState() == DataChannelState.CLOSED);
        assertThat(t.client.stats().dataChannelsClosed()).isEqualTo(1024);
        assertThat(t.server.stats().dataChannelsClosed()).isEqualTo(1024);
    }

    @Test
    void maxMessageSizeIsEnforcedOnSend() {
        var t = pair(SctpConfig.DEFAULT.withMessageSizes(256 * 1024, 256 * 1024)).connect();
        DataChannel ch = t.client.createDataChannel("big", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        assertThatThrownBy(() -> ch.send(new byte[256 * 1024 + 1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("262145 bytes").hasMessageContaining("max-message-size 262144");
        byte[] largest = new byte[256 * 1024];
        largest[largest.length - 1] = 42;
        ch.send(largest);
        t.runUntil(() -> !messages(t.serverEvents, ch.id()).isEmpty());
        assertThat(messages(t.serverEvents, ch.id()).get(0).data()).isEqualTo(largest);
        assertThat(ch.readyState()).isEqualTo(DataChannelState.OPEN);
    }

    @Test
    void aMessageOverOurMaxMessageSizeFailsTheChannel() {
        // the client believes the server takes 64 KiB; the server takes 16 KiB
        var t = pair(SctpConfig.DEFAULT.withMessageSizes(65536, 65536),
                SctpConfig.DEFAULT.withMessageSizes(16384, 65536)).connect();
        DataChannel ch = t.client.createDataChannel("x", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        DataChannel theirs = t.serverIncoming.get(0);
        ch.send(new byte[20000]);
        t.runUntil(() -> theirs.readyState() == DataChannelState.CLOSED && ch.readyState() == DataChannelState.CLOSED);
        assertThat(of(t.serverEvents, DataChannelEvent.Error.class)).singleElement()
                .satisfies(e -> assertThat(e.error().detail()).isEqualTo(DataChannelError.Detail.DATA_CHANNEL_FAILURE));
    }

    @Test
    void sendingBeforeOpenIsAnInvalidStateError() {
        var t = pair();
        DataChannel ch = t.client.createDataChannel("early", DataChannelInit.DEFAULT);
        assertThatThrownBy(() -> ch.send("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("InvalidStateError").hasMessageContaining("connecting");
    }

    @Test
    void malformedDcepIsDroppedAndCounted() {
        var t = pair().connect();
        DataChannel ch = t.client.createDataChannel("ok", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        byte[] garbage = {0x03, 0x00, 0x00}; // a truncated OPEN
        t.client.association().send(t.now(), 10, Ppid.DCEP, garbage, 0, garbage.length,
                org.rtc4j.sctp.SendOptions.RELIABLE);
        byte[] unknown = {0x07};
        t.client.association().send(t.now(), 12, Ppid.DCEP, unknown, 0, unknown.length,
                org.rtc4j.sctp.SendOptions.RELIABLE);
        t.runUntil(() -> t.server.stats().malformedDcep() == 2);
        ch.send("still fine");
        t.runUntil(() -> !messages(t.serverEvents, ch.id()).isEmpty());
        assertThat(t.server.channels()).hasSize(1);
    }

    @Test
    void theAssociationEndingClosesEveryChannel() {
        var t = pair().connect();
        DataChannel a = t.client.createDataChannel("a", DataChannelInit.DEFAULT);
        DataChannel b = t.server.createDataChannel("b", DataChannelInit.DEFAULT);
        t.runUntil(() -> t.clientIncoming.size() == 1 && t.serverIncoming.size() == 1);
        t.client.abort(t.now(), "test");
        t.runUntil(() -> t.server.channels().isEmpty());
        assertThat(a.readyState()).isEqualTo(DataChannelState.CLOSED);
        assertThat(b.readyState()).isEqualTo(DataChannelState.CLOSED);
        assertThat(of(t.serverEvents, DataChannelEvent.Error.class)).hasSize(2)
                .allMatch(e -> e.error().detail() == DataChannelError.Detail.SCTP_FAILURE);
        assertThatThrownBy(() -> t.server.createDataChannel("late", DataChannelInit.DEFAULT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bufferedAmountLowFiresWhenTheQueueDrains() {
        var t = pair().connect();
        DataChannel ch = t.client.createDataChannel("bulk", DataChannelInit.DEFAULT);
        t.runUntil(() -> ch.readyState() == DataChannelState.OPEN);
        ch.setBufferedAmountLowThreshold(1024);
        List<Long> low = new ArrayList<>();
        ch.onBufferedAmountLow(() -> low.add(ch.bufferedAmount()));
        for (int i = 0; i < 64; i++) {
            ch.send(new byte[16 * 1024]);
        }
        assertThat(ch.bufferedAmount()).isGreaterThan(1024);
        t.runUntil(() -> !low.isEmpty());
        assertThat(low.get(0)).isLessThanOrEqualTo(1024);
    }
}
