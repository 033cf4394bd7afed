package org.rtc4j.ice;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.Transmit;

/**
 * Prints two figures of the ICE agent that JMH cannot measure well:
 * <ol>
 *   <li>the wall-clock time from the start of checks to a nominated pair on both sides, for two agents
 *       on real UDP sockets on 127.0.0.1, driven by one selector loop with the system clock;</li>
 *   <li>the heap retained by an idle agent (credentials, one host candidate, gathered), from the heap
 *       in use before and after creating many, after full collections.</li>
 * </ol>
 * Run: {@code java -cp jmh/target/benchmarks.jar org.rtc4j.ice.IceLoopbackHarness [runs] [agents]}.
 */
public final class IceLoopbackHarness {
    private IceLoopbackHarness() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        for (int i = 0; i < 20; i++) {
            connectOnce(); // warm-up: class loading and JIT
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = connectOnce().toNanos() / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("ICE loopback, start of checks to nominated pair on both agents (%d runs, Ta = 50 ms):%n", runs);
        System.out.printf("  median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms%n",
                ms[runs / 2], ms[(int) (runs * 0.9)], ms[0], ms[runs - 1]);
        System.out.printf("Idle agent retained heap (%d agents): %.0f bytes per agent%n", agents, bytesPerIdleAgent(agents));
    }

    /** Connects two fresh agents over loopback UDP; returns the time from the start of checks until both selected. */
    static Duration connectOnce() throws IOException {
        Clock clock = Clock.systemUTC();
        SecureRandom seed = new SecureRandom();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Selector selector = Selector.open();
             DatagramChannel ca = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
             DatagramChannel cb = DatagramChannel.open().bind(new InetSocketAddress(lo, 0))) {
            ca.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            cb.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            InetSocketAddress la = (InetSocketAddress) ca.getLocalAddress();
            InetSocketAddress lb = (InetSocketAddress) cb.getLocalAddress();
            IceAgent a = new IceAgent(IceConfig.defaults(IceRole.CONTROLLING), new SplittableRandom(seed.nextLong()));
            IceAgent b = new IceAgent(IceConfig.defaults(IceRole.CONTROLLED), new SplittableRandom(seed.nextLong()));
            Instant start = clock.instant();
            a.addHostAddress(start, la);
            b.addHostAddress(start, lb);
            a.gather(start);
            b.gather(start);
            a.setRemoteCredentials(start, b.localCredentials());
            b.setRemoteCredentials(start, a.localCredentials());
            b.localCandidates().forEach(c -> a.addRemoteCandidate(start, c));
            a.localCandidates().forEach(c -> b.addRemoteCandidate(start, c));
            ByteBuffer buf = ByteBuffer.allocate(2048);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (a.selectedPair().isEmpty() || b.selectedPair().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("agents did not connect in 5 s");
                }
                flush(a, ca, la);
                flush(b, cb, lb);
                Instant now = clock.instant();
                long wait = Math.max(1, Math.min(timeoutMillis(a, now), timeoutMillis(b, now)));
                selector.select(wait);
                selector.selectedKeys().clear();
                receive(a, ca, la, buf, clock);
                receive(b, cb, lb, buf, clock);
                now = clock.instant();
                if (a.pollTimeout().filter(t -> !t.isAfter(clock.instant())).isPresent()) {
                    a.handleTimeout(now);
                }
                if (b.pollTimeout().filter(t -> !t.isAfter(clock.instant())).isPresent()) {
                    b.handleTimeout(now);
                }
            }
            return Duration.between(start, clock.instant());
        }
    }

    private static long timeoutMillis(IceAgent agent, Instant now) {
        return agent.pollTimeout().map(t -> Duration.between(now, t).toMillis()).orElse(50L);
    }

    private static void flush(IceAgent agent, DatagramChannel channel, InetSocketAddress local) throws IOException {
        for (Optional<Transmit> t = agent.pollTransmit(); t.isPresent(); t = agent.pollTransmit()) {
            channel.send(ByteBuffer.wrap(t.get().data()), t.get().destination());
        }
        while (agent.pollEvent().isPresent()) {
            // events are not needed here
        }
    }

    private static void receive(IceAgent agent, DatagramChannel channel, InetSocketAddress local, ByteBuffer buf, Clock clock)
            throws IOException {
        InetSocketAddress from;
        while (true) {
            buf.clear();
            from = (InetSocketAddress) channel.receive(buf);
            if (from == null) {
                return;
            }
            agent.handleReceive(clock.instant(), new Datagram(from, local, Arrays.copyOf(buf.array(), buf.position())));
        }
    }

    /** The heap retained per idle agent, measured over {@code n} agents kept alive at once. */
    static double bytesPerIdleAgent(int n) throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<IceAgent> keep = new ArrayList<>(n);
        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            IceAgent agent = new IceAgent(IceConfig.defaults(IceRole.CONTROLLED), new SplittableRandom(i));
            agent.addHostAddress(now, new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 40000));
            agent.gather(now);
            while (agent.pollEvent().isPresent()) {
                // drain
            }
            keep.add(agent);
        }
        long after = usedHeapAfterGc();
        if (Collections.unmodifiableList(keep).isEmpty()) {
            throw new AssertionError();
        }
        return (after - before) / (double) n;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
