package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.jitsi.config.JitsiConfig;
import org.jitsi.config.TypesafeConfigSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidatePair;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceAgentStats;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceConnectionState;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceException;
import org.rtc4j.ice.IceGatheringState;
import org.rtc4j.ice.IceRole;
import org.rtc4j.interop.UdpIceDriver.FiveTuple;
import org.rtc4j.stun.Datagram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtc4j's {@link IceAgent} against ice4j (Jitsi's ICE agent, from Maven Central) over real UDP on this
 * machine: credentials and candidates are exchanged as signalling would, both agents run, both must
 * report success on the same 5-tuple, and application datagrams must cross it both ways. Covered: each
 * role against the other, both agents starting controlling (RFC 8445 §7.3.1.1, either one winning the
 * tie-break), and consent freshness (RFC 7675) in both directions once ice4j has terminated.
 *
 * <p>ice4j never gathers loopback candidates, so both agents use this machine's first non-loopback
 * IPv4 address (192.0.2.2 on eth0 in the project's container); rtc4j also binds 127.0.0.1, so it has
 * two bases and a pair that ice4j only learns as peer-reflexive. ice4j is configured, before its first
 * {@code Agent} reads (and caches) its settings, to gather host candidates on that one address only,
 * with no IPv6, no link-local, no STUN, AWS or static-mapping harvesters (UPnP is never added): nothing
 * leaves the machine, and each test checks where ice4j gathered.
 */
@Timeout(60)
class Ice4jIceInteropTest {
    private static final Logger LOG = LoggerFactory.getLogger(Ice4jIceInteropTest.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration DATA_TIMEOUT = Duration.ofSeconds(5);
    /** ice4j logs through java.util.logging; kept referenced so that the level set here sticks. */
    private static final java.util.logging.Logger ICE4J_JUL = java.util.logging.Logger.getLogger("org.ice4j");

    private static InetAddress hostAddress;

    /**
     * Points ice4j's configuration (Typesafe config read through jicoco's {@link JitsiConfig}) at one
     * host address and no outside harvesters. Consent and termination timers are shortened so that the
     * consent test sees several rounds within seconds. Set {@code -Dice4j.test.log.level=INFO} to see ice4j.
     */
    @BeforeAll
    static void configureIce4j() throws SocketException {
        hostAddress = firstNonLoopbackIpv4();
        ICE4J_JUL.setLevel(java.util.logging.Level.parse(System.getProperty("ice4j.test.log.level", "WARNING")));
        String hocon = """
                ice4j {
                  harvest {
                    use-ipv6 = false
                    use-link-local-addresses = false
                    allowed-addresses = [ "%s" ]
                    udp.use-dynamic-ports = true
                    mapping {
                      aws.enabled = false
                      stun.addresses = [ ]
                      static-mappings = [ ]
                    }
                  }
                  ice.termination-delay = 1 second
                  consent-freshness.interval = 300 milliseconds
                }
                """.formatted(hostAddress.getHostAddress());
        JitsiConfig.Companion.useDebugNewConfig(new TypesafeConfigSource("rtc4j interop test",
                ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load())));
    }

    // ---- the tests

    @Test
    void rtc4jControllingConnectsToIce4jControlled() throws Exception {
        try (Ice4jPeer ice4j = new Ice4jPeer(false);
             UdpIceDriver rtc4j = startRtc4j(IceConfig.defaults(IceRole.CONTROLLING))) {
            FiveTuple pair = connect("rtc4j controlling, ice4j controlled", rtc4j, ice4j, IceRole.CONTROLLING);
            exchangeData("rtc4j controlling", rtc4j, ice4j, pair);
        }
    }

    @Test
    void rtc4jControlledConnectsToIce4jControlling() throws Exception {
        try (Ice4jPeer ice4j = new Ice4jPeer(true);
             UdpIceDriver rtc4j = startRtc4j(IceConfig.defaults(IceRole.CONTROLLED))) {
            FiveTuple pair = connect("rtc4j controlled, ice4j controlling", rtc4j, ice4j, IceRole.CONTROLLED);
            exchangeData("rtc4j controlled", rtc4j, ice4j, pair);
        }
    }

    @Test
    void bothControllingRtc4jWinsTheTieBreakAndStaysControlling() throws Exception {
        try (Ice4jPeer ice4j = new Ice4jPeer(true);
             UdpIceDriver rtc4j = startRtc4j(IceConfig.defaults(IceRole.CONTROLLING))) {
            long ours = rtc4j.<Long>call((a, now) -> a.tieBreaker());
            ice4j.setTieBreaker(Long.divideUnsigned(ours, 2));
            FiveTuple pair = connect("both controlling, rtc4j's tie-breaker larger", rtc4j, ice4j, IceRole.CONTROLLING);
            exchangeData("conflict won by rtc4j", rtc4j, ice4j, pair);
        }
    }

    @Test
    void bothControllingIce4jWinsTheTieBreakAndRtc4jSwitchesToControlled() throws Exception {
        try (Ice4jPeer ice4j = new Ice4jPeer(true);
             UdpIceDriver rtc4j = startRtc4j(IceConfig.defaults(IceRole.CONTROLLING))) {
            long ours = rtc4j.<Long>call((a, now) -> a.tieBreaker());
            ice4j.setTieBreaker(ours + Long.divideUnsigned(-1L - ours, 2) + 1); // unsigned midpoint of (ours, 2^64)
            FiveTuple pair = connect("both controlling, ice4j's tie-breaker larger", rtc4j, ice4j, IceRole.CONTROLLED);
            assertThat(rtc4j.events()).contains(new IceEvent.RoleChanged(IceRole.CONTROLLED));
            exchangeData("conflict won by ice4j", rtc4j, ice4j, pair);
        }
    }

    @Test
    void consentFreshnessFlowsBothWaysAfterIce4jTerminates() throws Exception {
        IceConfig config = IceConfig.defaults(IceRole.CONTROLLED).withConsent(Duration.ofMillis(300), Duration.ofSeconds(5));
        try (Ice4jPeer ice4j = new Ice4jPeer(true);
             UdpIceDriver rtc4j = startRtc4j(config)) {
            ice4j.performConsentFreshness();
            FiveTuple pair = connect("consent, rtc4j controlled", rtc4j, ice4j, IceRole.CONTROLLED);
            assertThat(ice4j.awaitState(IceProcessingState.TERMINATED, Duration.ofSeconds(10)))
                    .as("ice4j terminates 1 s after completing; states %s", ice4j.states()).isTrue();
            Instant terminated = Instant.now();
            ConsentView before = consentView(rtc4j);

            // rtc4j's consent requests are answered by the terminated ice4j, and rtc4j answers ice4j's.
            boolean refreshed = eventually(Duration.ofSeconds(10), () -> {
                ConsentView now = consentView(rtc4j);
                return now.lastConsent() != null && now.lastConsent().isAfter(terminated)
                        && now.consentRequestsSent() >= before.consentRequestsSent() + 3
                        && now.checksAnswered() >= before.checksAnswered() + 3
                        && ice4j.selectedPairConsentMillis() > terminated.toEpochMilli();
            });
            assertThat(refreshed).as("consent refreshed both ways after ice4j terminated: before %s, now %s, "
                    + "ice4j's consent at %s", before, consentView(rtc4j), ice4j.selectedPairConsentMillis()).isTrue();
            assertThat(rtc4j.events()).noneMatch(e -> e instanceof IceEvent.ConnectionStateChanged c
                    && (c.state() == IceConnectionState.DISCONNECTED || c.state() == IceConnectionState.FAILED));
            assertThat(rtc4j.selectedPair()).contains(pair);
            exchangeData("after consent rounds", rtc4j, ice4j, pair);
        }
    }

    // ---- steps

    /** An rtc4j agent on a driver bound to the host address and to 127.0.0.1. */
    private static UdpIceDriver startRtc4j(IceConfig config) throws Exception {
        IceAgent agent = new IceAgent(config, new SecureRandom());
        List<InetSocketAddress> binds = List.of(new InetSocketAddress(hostAddress, 0),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return UdpIceDriver.start(agent, binds, Clock.systemUTC(), config.role().name().toLowerCase());
    }

    /**
     * Exchanges credentials and candidates, starts both agents and waits until both succeed; checks that
     * rtc4j ends in {@code expectedRtc4jRole} and ice4j in the other, that both chose the same 5-tuple and
     * that rtc4j understood everything ice4j sent.
     *
     * @return the selected 5-tuple from rtc4j's side
     */
    private FiveTuple connect(String scenario, UdpIceDriver rtc4j, Ice4jPeer ice4j, IceRole expectedRtc4jRole)
            throws Exception {
        // Signalling, rtc4j -> ice4j: credentials and every host candidate (trickled as LocalCandidate events).
        IceCredentials ours = rtc4j.call((a, now) -> {
            a.gather(now);
            return a.localCredentials();
        });
        List<Candidate> ourCandidates = localCandidates(rtc4j);
        assertThat(ourCandidates).hasSize(2);
        assertThat(rtc4j.events()).contains(new IceEvent.GatheringStateChanged(IceGatheringState.COMPLETE));
        ice4j.setRemote(ours, ourCandidates);

        // Signalling, ice4j -> rtc4j.
        List<Candidate> theirCandidates = ice4j.localCandidates();
        assertThat(theirCandidates).as("ice4j gathers host candidates on %s only", hostAddress)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.address().getAddress()).isEqualTo(hostAddress));
        IceCredentials theirs = IceCredentials.parse(ice4j.ufrag(), ice4j.password());

        long start = System.nanoTime();
        List<Candidate> refused = rtc4j.call((a, now) -> {
            a.setRemoteCredentials(now, theirs);
            List<Candidate> notAccepted = new ArrayList<>();
            for (Candidate c : theirCandidates) {
                if (!a.addRemoteCandidate(now, c)) {
                    notAccepted.add(c);
                }
            }
            a.endOfRemoteCandidates(now);
            return notAccepted;
        });
        ice4j.start();
        assertThat(refused).as("ice4j candidates rtc4j refused").isEmpty();

        assertThat(rtc4j.awaitConnected(CONNECT_TIMEOUT))
                .as("rtc4j connects within %s; its events: %s", CONNECT_TIMEOUT, rtc4j.events()).isTrue();
        Duration rtc4jTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(ice4j.awaitState(IceProcessingState.COMPLETED, CONNECT_TIMEOUT))
                .as("ice4j completes within %s; its states: %s", CONNECT_TIMEOUT, ice4j.states()).isTrue();
        Duration ice4jTook = Duration.ofNanos(ice4j.completedAtNanos() - start);
        LOG.info("{}: rtc4j connected after {} ms, ice4j completed after {} ms", scenario,
                rtc4jTook.toMillis(), ice4jTook.toMillis());

        // Complementary roles, one 5-tuple.
        IceRole rtc4jRole = rtc4j.call((a, now) -> a.role());
        assertThat(rtc4jRole).as("rtc4j's role").isEqualTo(expectedRtc4jRole);
        assertThat(ice4j.isControlling()).as("ice4j is controlling").isEqualTo(expectedRtc4jRole == IceRole.CONTROLLED);
        FiveTuple ourPair = rtc4j.selectedPair().orElseThrow();
        FiveTuple theirPair = ice4j.selectedPair();
        assertThat(ourPair.local()).as("rtc4j's local end is ice4j's remote end").isEqualTo(theirPair.remote());
        assertThat(ourPair.remote()).as("rtc4j's remote end is ice4j's local end").isEqualTo(theirPair.local());
        assertThat(rtc4j.connectionState()).isIn(IceConnectionState.CONNECTED, IceConnectionState.COMPLETED);

        // Everything ice4j sent parsed, authenticated and came back on the right 5-tuple.
        IceAgentStats stats = rtc4j.call((a, now) -> a.stats());
        assertThat(stats.malformed()).as("malformed STUN from ice4j").isZero();
        assertThat(stats.unauthenticated()).as("checks from ice4j that failed authentication").isZero();
        assertThat(stats.badFingerprint()).as("bad FINGERPRINTs from ice4j").isZero();
        assertThat(stats.asymmetricResponses()).as("responses from ice4j on another 5-tuple").isZero();
        LOG.debug("{}: rtc4j pairs {}", scenario, rtc4j.<String>call((a, now) -> a.pairs().toString()));
        return ourPair;
    }

    /** One datagram each way on the selected 5-tuple, through ice4j's component socket and rtc4j's driver. */
    private void exchangeData(String scenario, UdpIceDriver rtc4j, Ice4jPeer ice4j, FiveTuple pair) throws Exception {
        byte[] ping = payload(scenario + ": rtc4j -> ice4j");
        assertThat(rtc4j.send(ping)).as("rtc4j sends on its selected pair").isTrue();
        DatagramPacket received = ice4j.receive(DATA_TIMEOUT);
        assertThat(Arrays.copyOfRange(received.getData(), received.getOffset(), received.getOffset() + received.getLength()))
                .isEqualTo(ping);
        assertThat(received.getSocketAddress()).isEqualTo(pair.local());

        byte[] pong = payload(scenario + ": ice4j -> rtc4j");
        ice4j.send(pong);
        Datagram back = rtc4j.pollApplicationData(DATA_TIMEOUT).orElseThrow(
                () -> new AssertionError("no application datagram from ice4j within " + DATA_TIMEOUT));
        assertThat(back.data()).isEqualTo(pong);
        assertThat(back.source()).isEqualTo(pair.remote());
        assertThat(back.destination()).isEqualTo(pair.local());
    }

    // ---- helpers

    /** What rtc4j's selected pair and stats say about consent, read on the loop thread. */
    private record ConsentView(long consentRequestsSent, Instant lastConsent, long checksAnswered) {
    }

    private static ConsentView consentView(UdpIceDriver rtc4j) {
        return rtc4j.call((a, now) -> {
            CandidatePair p = a.selectedPair().orElseThrow();
            return new ConsentView(p.consentRequestsSent(), p.lastConsent().orElse(null), a.stats().checksAnswered());
        });
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes. */
    private static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** A datagram no demultiplexer takes for STUN, DTLS, RTP or TURN (first byte 0xEE, dropped by RFC 7983's rules). */
    private static byte[] payload(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[t.length + 1];
        p[0] = (byte) 0xEE;
        System.arraycopy(t, 0, p, 1, t.length);
        return p;
    }

    private static List<Candidate> localCandidates(UdpIceDriver driver) {
        List<Candidate> out = new ArrayList<>();
        for (IceEvent e : driver.events()) {
            if (e instanceof IceEvent.LocalCandidate c) {
                out.add(c.candidate());
            }
        }
        return out;
    }

    /** The first IPv4 address of an interface that is up and not loopback (ice4j gathers nothing on loopback). */
    private static InetAddress firstNonLoopbackIpv4() throws SocketException {
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
            if (!nif.isUp() || nif.isLoopback() || nif.isVirtual()) {
                continue;
            }
            for (InetAddress a : nif.inetAddresses().toList()) {
                if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        throw new AssertionError("this test needs an IPv4 address on a non-loopback interface that is up "
                + "(ice4j does not gather loopback candidates)");
    }

    /**
     * One ice4j {@link Agent} with one stream of one component, as the peer of a test: it converts
     * candidates between ice4j's objects and the {@code a=candidate} grammar, and reports its processing
     * states, its selected pair and the application data of its component socket. ice4j runs on its own
     * threads; everything here is safe to call from the test thread.
     */
    static final class Ice4jPeer implements AutoCloseable {
        private final Agent agent = new Agent();
        private final IceMediaStream stream;
        private final Component component;
        private final List<IceProcessingState> states = new ArrayList<>();
        private volatile long completedAtNanos;

        Ice4jPeer(boolean controlling) throws IOException {
            agent.setControlling(controlling);
            agent.addStateChangeListener(this::stateChanged);
            stream = agent.createMediaStream("data");
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        }

        private void stateChanged(PropertyChangeEvent e) {
            if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(e.getPropertyName())) {
                return;
            }
            IceProcessingState state = (IceProcessingState) e.getNewValue();
            if (state == IceProcessingState.COMPLETED) {
                completedAtNanos = System.nanoTime();
            }
            synchronized (states) {
                states.add(state);
                states.notifyAll();
            }
        }

        String ufrag() {
            return agent.getLocalUfrag();
        }

        String password() {
            return agent.getLocalPassword();
        }

        boolean isControlling() {
            return agent.isControlling();
        }

        void setTieBreaker(long tieBreaker) {
            agent.setTieBreaker(tieBreaker);
        }

        /** Sends consent checks (Binding requests) on the selected pair instead of Binding indications. */
        void performConsentFreshness() {
            agent.setPerformConsentFreshness(true);
        }

        /** ice4j's local candidates as {@code a=candidate} values parsed by rtc4j. */
        List<Candidate> localCandidates() throws IceException {
            List<Candidate> out = new ArrayList<>();
            for (LocalCandidate c : component.getLocalCandidates()) {
                if (c.getTransport() != Transport.UDP) {
                    continue;
                }
                TransportAddress a = c.getTransportAddress();
                StringBuilder line = new StringBuilder("candidate:").append(c.getFoundation()).append(' ')
                        .append(component.getComponentID()).append(" udp ").append(c.getPriority()).append(' ')
                        .append(a.getHostAddress()).append(' ').append(a.getPort()).append(" typ ").append(c.getType());
                TransportAddress related = c.getRelatedAddress();
                if (related != null) {
                    line.append(" raddr ").append(related.getHostAddress()).append(" rport ").append(related.getPort());
                }
                out.add(Candidate.parse(line.toString()));
            }
            return out;
        }

        /** The peer's credentials and candidates, as signalling would deliver them. */
        void setRemote(IceCredentials credentials, List<Candidate> candidates) {
            stream.setRemoteUfrag(credentials.ufrag());
            stream.setRemotePassword(credentials.password());
            for (Candidate c : candidates) {
                RemoteCandidate related = c.relatedAddress() == null ? null : new RemoteCandidate(
                        transportAddress(c.relatedAddress()), component, CandidateType.HOST_CANDIDATE, c.foundation(),
                        c.priority(), null, credentials.ufrag());
                component.addRemoteCandidate(new RemoteCandidate(transportAddress(c.address()), component,
                        CandidateType.parse(c.type().token()), c.foundation(), c.priority(), related, credentials.ufrag()));
            }
        }

        private static TransportAddress transportAddress(InetSocketAddress a) {
            return new TransportAddress(a.getAddress(), a.getPort(), Transport.UDP);
        }

        void start() {
            agent.startConnectivityEstablishment();
        }

        /** Waits until ICE processing has passed through {@code state}; false on timeout or failure. */
        boolean awaitState(IceProcessingState state, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (states) {
                while (!states.contains(state)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || states.contains(IceProcessingState.FAILED)) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(states, left);
                }
                return true;
            }
        }

        List<IceProcessingState> states() {
            synchronized (states) {
                return List.copyOf(states);
            }
        }

        long completedAtNanos() {
            return completedAtNanos;
        }

        /** The selected pair as a 5-tuple, from the local base's point of view. */
        FiveTuple selectedPair() {
            org.ice4j.ice.CandidatePair pair = component.getSelectedPair();
            assertThat(pair).as("ice4j's selected pair").isNotNull();
            LocalCandidate local = pair.getLocalCandidate().getBase() != null ? pair.getLocalCandidate().getBase()
                    : pair.getLocalCandidate();
            TransportAddress l = local.getTransportAddress();
            TransportAddress r = pair.getRemoteCandidate().getTransportAddress();
            return new FiveTuple(new InetSocketAddress(l.getAddress(), l.getPort()),
                    new InetSocketAddress(r.getAddress(), r.getPort()));
        }

        /** When ice4j last saw consent (a response to its check) on its selected pair, in epoch milliseconds. */
        long selectedPairConsentMillis() {
            return component.getSelectedPair().getConsentFreshness();
        }

        /** The next application datagram from the component socket. */
        DatagramPacket receive(Duration timeout) throws IOException {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            component.getSocket().setSoTimeout((int) timeout.toMillis());
            try {
                component.getSocket().receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("ice4j's component socket received nothing within " + timeout, e);
            }
            return p;
        }

        /** Sends application data through the component socket, which ice4j sends on the selected pair. */
        void send(byte[] data) throws IOException {
            component.getSocket().send(new DatagramPacket(data, data.length, selectedPair().remote()));
        }

        @Override
        public void close() {
            agent.free();
        }
    }
}
