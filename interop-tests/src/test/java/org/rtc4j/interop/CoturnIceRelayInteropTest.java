package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.ice.CandidateType;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceGatheringState;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.TurnServerUrl;

/**
 * Two rtc4j agents with the relay-only policy connect through Debian's coturn, reaching it over UDP,
 * TCP and TLS, on real sockets: every check and every byte of data goes client → coturn → coturn →
 * client.
 */
class CoturnIceRelayInteropTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.start(true, List.of());
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    private static String url(String transport) {
        return switch (transport) {
            case "udp" -> "turn:127.0.0.1:" + coturn.plain.getPort() + "?transport=udp";
            case "tcp" -> "turn:127.0.0.1:" + coturn.plain.getPort() + "?transport=tcp";
            case "tls" -> "turns:127.0.0.1:" + coturn.tls.getPort() + "?transport=tcp";
            default -> throw new IllegalArgumentException(transport);
        };
    }

    private static UdpIceDriver driver(IceRole role, String transport) throws Exception {
        TurnServerUrl turn = TurnServerUrl.parse(url(transport), Coturn.USER, Coturn.PASSWORD);
        IceConfig config = IceConfig.defaults(role).withTurnServers(List.of(turn), true);
        IceAgent agent = new IceAgent(config, new SplittableRandom(new SecureRandom().nextLong()));
        UdpIceDriver d = UdpIceDriver.start(agent, List.of(new InetSocketAddress(LOOPBACK, 0)), Clock.systemUTC(), role + "-" + transport);
        d.useTls(coturn.trust);
        return d;
    }

    @ParameterizedTest(name = "to coturn over {0}")
    @ValueSource(strings = {"udp", "tcp", "tls"})
    void relayOnlyAgentsConnectThroughCoturn(String transport) throws Exception {
        try (UdpIceDriver a = driver(IceRole.CONTROLLING, transport); UdpIceDriver b = driver(IceRole.CONTROLLED, transport)) {
            a.call((agent, now) -> {
                agent.gather(now);
                return null;
            });
            b.call((agent, now) -> {
                agent.gather(now);
                return null;
            });
            assertThat(a.await(e -> e.contains(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE)), Duration.ofSeconds(10)))
                    .as("a gathered").isTrue();
            assertThat(b.await(e -> e.contains(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE)), Duration.ofSeconds(10)))
                    .as("b gathered").isTrue();
            exchange(a, b);
            exchange(b, a);

            assertThat(a.awaitConnected(Duration.ofSeconds(15))).as(coturn.output()).isTrue();
            assertThat(b.awaitConnected(Duration.ofSeconds(15))).isTrue();
            CandidateType typeA = a.call((agent, now) -> agent.selectedPair().orElseThrow().local().type());
            CandidateType typeB = b.call((agent, now) -> agent.selectedPair().orElseThrow().local().type());
            assertThat(typeA).isEqualTo(CandidateType.RELAYED);
            assertThat(typeB).isEqualTo(CandidateType.RELAYED);

            byte[] fromA = {(byte) 0x80, 96, 0, 1, 'h', 'i'};
            assertThat(a.send(fromA)).isTrue();
            assertThat(b.await(e -> e.stream().anyMatch(x -> x instanceof IceEvent.Data d && java.util.Arrays.equals(d.data(), fromA)),
                    Duration.ofSeconds(5))).as("data relayed a -> b").isTrue();
            byte[] fromB = {(byte) 0x80, 96, 0, 2, 'y', 'o'};
            assertThat(b.send(fromB)).isTrue();
            assertThat(a.await(e -> e.stream().anyMatch(x -> x instanceof IceEvent.Data d && java.util.Arrays.equals(d.data(), fromB)),
                    Duration.ofSeconds(5))).as("data relayed b -> a").isTrue();
        }
    }

    /** Trickles every candidate {@code from} has signalled so far, and its credentials, to {@code to}. */
    private static void exchange(UdpIceDriver from, UdpIceDriver to) {
        var credentials = from.call((agent, now) -> agent.localCredentials());
        List<IceEvent> events = from.events();
        to.call((agent, now) -> {
            agent.setRemoteCredentials(now, credentials);
            for (IceEvent e : events) {
                if (e instanceof IceEvent.LocalCandidate c) {
                    agent.addRemoteCandidate(now, c.candidate());
                }
            }
            agent.endOfRemoteCandidates(now);
            return null;
        });
    }
}
