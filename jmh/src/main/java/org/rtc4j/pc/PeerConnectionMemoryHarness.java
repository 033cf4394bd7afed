package org.rtc4j.pc;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.dtls.DtlsCertificate;
import org.rtc4j.ice.HostAddressPolicy;

/**
 * Prints the heap an idle {@link RTCPeerConnection} with an open data channel retains: {@code pairs}
 * connected pairs of peer connections in one JVM over loopback UDP (on the shared event loops), each
 * with a data channel that has carried one message each way; the heap used after a full GC before and
 * after, divided by the number of connections; the JVM's threads before and after; and how many such
 * connections would fit in a 1 GiB heap. Then it closes them all and checks the heap and threads come
 * back (after waiting {@code memory.settle} seconds each time). Two variants: a certificate generated per connection (the default) and one certificate shared
 * by all (as a server would do).
 *
 * <p>Run: {@code java -Xmx2g -cp jmh/target/benchmarks.jar org.rtc4j.pc.PeerConnectionMemoryHarness [pairs]}
 * (default 200 pairs).
 */
public final class PeerConnectionMemoryHarness {
    private static final PeerConnectionOptions LOOPBACK = PeerConnectionOptions.DEFAULT
            .withHostAddresses(HostAddressPolicy.LOOPBACK_ONLY);

    /**
     * How long to wait before each measurement, {@code -Dmemory.settle=<seconds>} (default 35): DTLS
     * handshake threads end 30 s after their handshake, and a cancelled loop timer is dropped when due.
     */
    private static final long SETTLE_MILLIS = Long.getLong("memory.settle", 35) * 1000;

    private PeerConnectionMemoryHarness() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        System.out.printf("java %s (%s), %d cores, max heap %d MiB%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        measure(Math.min(20, pairs), null, false); // warm-up: classes, the shared loops, JIT
        measure(pairs, null, true);
        measure(pairs, DtlsCertificate.generate(), true);
        System.exit(0);
    }

    private static void measure(int pairs, DtlsCertificate shared, boolean print) throws Exception {
        RTCConfiguration config = shared == null ? RTCConfiguration.DEFAULT
                : RTCConfiguration.DEFAULT.withCertificates(List.of(shared));
        if (print) {
            Thread.sleep(SETTLE_MILLIS); // what the previous round left behind goes first
        }
        long heap0 = usedAfterGc();
        int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
        long t0 = System.nanoTime();
        List<RTCPeerConnection> all = new ArrayList<>();
        List<CompletableFuture<Void>> echoed = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            RTCPeerConnection a = new RTCPeerConnection(config, LOOPBACK);
            RTCPeerConnection b = new RTCPeerConnection(config, LOOPBACK);
            all.add(a);
            all.add(b);
            echoed.add(connect(a, b));
        }
        CompletableFuture.allOf(echoed.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(print ? SETTLE_MILLIS : 1000); // handshake threads end, timers of the handshakes pass
        long heap1 = usedAfterGc();
        int threads1 = ManagementFactory.getThreadMXBean().getThreadCount();
        int connections = 2 * pairs;
        double perConnection = (heap1 - heap0) / (double) connections;
        all.forEach(RTCPeerConnection::close);
        all.clear();
        echoed.clear();
        Thread.sleep(print ? SETTLE_MILLIS : 1000); // cancelled timers leave the loops' queues when due
        long heap2 = usedAfterGc();
        int threads2 = ManagementFactory.getThreadMXBean().getThreadCount();
        if (print) {
            System.out.printf("%n%s: %d connections (%d pairs) connected with an open channel in %.1f s%n",
                    shared == null ? "a certificate per connection" : "one shared certificate", connections, pairs,
                    setupSeconds);
            System.out.printf("  heap after full GC: %.1f MiB before, %.1f MiB with them, %.1f MiB after closing%n",
                    heap0 / 1048576.0, heap1 / 1048576.0, heap2 / 1048576.0);
            System.out.printf("  per idle connection: %.1f KiB; in a 1 GiB heap: about %d connections%n",
                    perConnection / 1024, (long) ((1L << 30) / perConnection));
            System.out.printf("  threads: %d before, %d with them (idle), %d after closing%n", threads0, threads1, threads2);
        }
    }

    /** Connects a (offerer) and b with a data channel from a, and completes once one message went each way. */
    private static CompletableFuture<Void> connect(RTCPeerConnection a, RTCPeerConnection b) {
        CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
        CompletableFuture<Void> bHasRemote = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        a.onIceCandidate(c -> bHasRemote.thenRun(() -> b.addIceCandidate(c)));
        b.onIceCandidate(c -> aHasRemote.thenRun(() -> a.addIceCandidate(c)));
        b.onDataChannel(ch -> ch.onMessage(m -> ch.send(m.data())));
        DataChannel ch = a.createDataChannel("idle", DataChannelInit.DEFAULT);
        ch.onOpen(() -> ch.send("ping"));
        ch.onMessage(m -> done.complete(null));
        a.createOffer()
                .thenCompose(offer -> a.setLocalDescription(offer).thenCompose(v -> b.setRemoteDescription(offer)))
                .thenRun(() -> bHasRemote.complete(null))
                .thenCompose(v -> b.createAnswer())
                .thenCompose(answer -> b.setLocalDescription(answer).thenCompose(v -> a.setRemoteDescription(answer)))
                .thenRun(() -> aHasRemote.complete(null))
                .exceptionally(e -> {
                    done.completeExceptionally(e);
                    return null;
                });
        return done.thenRun(() -> {
            if (ch.readyState() != DataChannelState.OPEN) {
                throw new IllegalStateException("channel " + ch);
            }
        });
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
