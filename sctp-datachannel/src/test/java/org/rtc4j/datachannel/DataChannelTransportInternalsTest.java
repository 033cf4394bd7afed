package org.rtc4j.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rtc4j.datachannel.TwoTransports.messages;
import static org.rtc4j.datachannel.TwoTransports.of;

import org.junit.jupiter.api.Test;
import java.util.SplittableRandom;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SendOptions;

/**
 * Data-channel cases that need a transport's internals or raw messages injected under it, over two
 * real associations on simulated time.
 */
class DataChannelTransportInternalsTest {
    private static TwoTransports pair(SctpConfig clientConfig, SctpConfig serverConfig) {
        return TwoTransports.overSctp(clientConfig, serverConfig);
    }

    private static void inject(TwoTransports t, int stream, long ppid, byte[] data) {
        t.client.association().send(t.now(), stream, ppid, data, 0, data.length, SendOptions.RELIABLE);
    }

    @Test
    void theOpenerSendsOrderedUntilTheAck() {
        var t = pair(SctpConfig.DEFAULT, SctpConfig.DEFAULT).connect();
        DataChannel ch = t.client.createDataChannel("u", DataChannelInit.DEFAULT.withOrdered(false));
        assertThat(ch.readyState()).isEqualTo(DataChannelState.OPEN);
        assertThat(ch.sendOptions().unordered()).as("before the ACK").isFalse();
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        t.runUntil(() -> !ch.awaitingAck);
        assertThat(ch.sendOptions().unordered()).as("after the ACK").isTrue();
        assertThat(t.serverIncoming.get(0).sendOptions().unordered()).as("the acceptor at once").isTrue();
    }

    @Test
    void misplacedDcepAndStrayMessagesAreCounted() {
        var t = pair(SctpConfig.DEFAULT, SctpConfig.DEFAULT).connect();
        DataChannel ch = t.client.createDataChannel("a", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        byte[] open = new DcepMessage.Open(ChannelType.RELIABLE, 256, 0, "dup", "").encode();
        inject(t, ch.id(), Ppid.DCEP, open); // an OPEN on a stream in use
        inject(t, 40, Ppid.DCEP, new byte[] {0x02}); // an ACK nobody waits for
        inject(t, 42, Ppid.STRING, new byte[] {'x'}); // a message without a channel
        inject(t, ch.id(), 55, new byte[] {'x'}); // an unknown PPID
        inject(t, ch.id(), Ppid.STRING_PARTIAL, new byte[] {'o', 'k'}); // a deprecated PPID, taken as a string
        t.runUntil(() -> t.server.stats().unknownPpid() == 1 && !messages(t.serverEvents, ch.id()).isEmpty());
        var stats = t.server.stats();
        assertThat(stats.unexpectedDcep()).isEqualTo(2);
        assertThat(stats.messagesWithoutChannel()).isEqualTo(1);
        assertThat(stats.malformedDcep()).isZero();
        assertThat(messages(t.serverEvents, ch.id())).containsExactly(DataChannelMessage.ofText("ok"));
        assertThat(t.serverIncoming).hasSize(1);
        assertThat(t.serverIncoming.get(0).label()).isEqualTo("a");
    }

    @Test
    void opensPastTheBoundAreRefusedByAStreamReset() {
        var config = SctpConfig.DEFAULT;
        var t = new TwoTransports(
                new DataChannelTransport(new SctpAssociation(config, new SplittableRandom(1)), true,
                        config.remoteMaxMessageSize(), 65535),
                new DataChannelTransport(new SctpAssociation(config, new SplittableRandom(2)), false,
                        config.remoteMaxMessageSize(), 2),
                config.maxPacketSize()).connect();
        DataChannel a = t.client.createDataChannel("a", DataChannelInit.DEFAULT);
        DataChannel b = t.client.createDataChannel("b", DataChannelInit.DEFAULT);
        DataChannel c = t.client.createDataChannel("c", DataChannelInit.DEFAULT);
        t.runUntil(() -> c.readyState() == DataChannelState.CLOSED);
        assertThat(t.server.stats().refusedChannels()).isEqualTo(1);
        assertThat(t.serverIncoming).extracting(DataChannel::label).containsExactly("a", "b");
        assertThat(of(t.clientEvents, DataChannelEvent.Closing.class)).extracting(DataChannelEvent::channel)
                .containsExactly(c);
        assertThat(a.readyState()).isEqualTo(DataChannelState.OPEN);
        assertThat(b.readyState()).isEqualTo(DataChannelState.OPEN);
    }

    @Test
    void closingBeforeTheAssociationIsUpClosesAtOnce() {
        var t = pair(SctpConfig.DEFAULT, SctpConfig.DEFAULT);
        DataChannel ch = t.client.createDataChannel("never", DataChannelInit.DEFAULT);
        ch.close();
        assertThat(ch.readyState()).isEqualTo(DataChannelState.CLOSED);
        t.connect();
        assertThat(t.serverIncoming).isEmpty();
        assertThat(of(t.clientEvents, DataChannelEvent.Closed.class)).hasSize(1);
        assertThat(of(t.clientEvents, DataChannelEvent.Open.class)).isEmpty();
    }

    @Test
    void shutdownClosesEveryChannelWithoutError() {
        var t = pair(SctpConfig.DEFAULT, SctpConfig.DEFAULT).connect();
        DataChannel ch = t.client.createDataChannel("s", DataChannelInit.DEFAULT);
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        t.client.shutdown(t.now());
        t.runUntil(() -> t.server.channels().isEmpty());
        assertThat(ch.readyState()).isEqualTo(DataChannelState.CLOSED);
        assertThat(of(t.clientEvents, DataChannelEvent.Error.class)).isEmpty();
        assertThat(of(t.serverEvents, DataChannelEvent.Error.class)).isEmpty();
    }

    @Test
    void channelsCreatedBeforeTheDtlsRoleIsKnownGetIdsWhenBound() {
        DataChannelTransport client = new DataChannelTransport(DataChannelTransport.MAX_CHANNELS);
        DataChannelTransport server = new DataChannelTransport(DataChannelTransport.MAX_CHANNELS);
        DataChannel early = client.createDataChannel("early", DataChannelInit.DEFAULT);
        DataChannel negotiated = client.createDataChannel("fixed", DataChannelInit.DEFAULT.withNegotiatedId(9));
        DataChannel dropped = client.createDataChannel("dropped", DataChannelInit.DEFAULT);
        assertThat(early.id()).isEqualTo(-1);
        assertThat(negotiated.id()).isEqualTo(9);
        assertThat(client.pollTransmit()).isEmpty();
        dropped.close();
        assertThat(dropped.readyState()).isEqualTo(DataChannelState.CLOSED);
        SctpConfig config = SctpConfig.DEFAULT;
        client.bind(new SctpAssociation(config, new SplittableRandom(1)), true, config.remoteMaxMessageSize());
        server.bind(new SctpAssociation(config, new SplittableRandom(2)), false, config.remoteMaxMessageSize());
        assertThat(early.id()).isEqualTo(0);
        var t = new TwoTransports(client, server, config.maxPacketSize()).connect();
        DataChannel serverNegotiated = server.createDataChannel("fixed", DataChannelInit.DEFAULT.withNegotiatedId(9));
        t.runUntil(() -> !t.serverIncoming.isEmpty());
        assertThat(t.serverIncoming).extracting(DataChannel::label).containsExactly("early");
        early.send("hi");
        negotiated.send("there");
        t.runUntil(() -> messages(t.serverEvents, 0).size() == 1 && messages(t.serverEvents, 9).size() == 1);
        assertThat(serverNegotiated.readyState()).isEqualTo(DataChannelState.OPEN);
    }
}
