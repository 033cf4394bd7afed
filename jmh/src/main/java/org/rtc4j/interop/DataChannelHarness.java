package org.rtc4j.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelState;
import org.rtc4j.ice.HostAddressPolicy;
import org.rtc4j.pc.PeerConnectionOptions;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCIceCandidate;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCSessionDescription;

/**
 * Prints data-channel figures of rtc4j's {@link RTCPeerConnection} side by side with libdatachannel
 * and libwebrtc (node peers, {@link NodePeer}), all on this host:
 * <ol>
 *   <li><b>setup</b>: the time from {@code createOffer} to the data channel being open on both sides,
 *       median and p90 over {@code runs} runs after 3 warm-up runs, each run with new peer connections
 *       (and, against a node peer, a new node process, started before the clock starts): rtc4j with
 *       rtc4j; rtc4j with each node peer, rtc4j offering and the node peer offering; and each node peer
 *       with itself, two peer connections in one node process ({@code interop-tests/node/bench.js}).
 *       Signalling is in memory (through stdin/stdout for the node peers), candidates trickle.</li>
 *   <li><b>echo</b>: 16 KiB binary messages, reliable and ordered; the sender keeps at most 1 MiB sent
 *       but not yet echoed, sends only while {@code bufferedAmount <= 256 KiB} and resumes on
 *       {@code bufferedamountlow} or an echo; the other side echoes every message. MB/s (10^6 bytes) of
 *       echoed payload over {@code seconds} after a 2 s warm-up, for rtc4j to rtc4j (one JVM, two peer
 *       connections on the shared loops), rtc4j sending to each node peer, and each node peer with
 *       itself; each configuration {@code rounds} times, interleaved, then the median. The CPU time of
 *       the JVM and of the node process during the measurement is printed as a share of one core, and
 *       the busiest JVM threads, to tell which end is the bottleneck.</li>
 * </ol>
 * rtc4j to rtc4j binds loopback only ({@link HostAddressPolicy#LOOPBACK_ONLY}); against the node peers
 * rtc4j uses the default host addresses as the node peers do (their candidates are this host's
 * addresses), so every packet goes through the kernel's loopback device.
 *
 * <p>Needs Node.js and {@code npm ci --prefix interop-tests/node}; run from the repository root:
 * {@code java -cp jmh/target/benchmarks.jar org.rtc4j.interop.DataChannelHarness [setup|echo|all] [runs]
 * [seconds] [rounds]} (defaults: all, 20 runs, 5 s, 3 rounds); {@code -Dbench.only=<text>} runs only the
 * configurations whose name contains it (e.g. {@code "rtc4j <-> rtc4j"}).
 */
public final class DataChannelHarness {
    private static final int MESSAGE = 16 * 1024;
    private static final int WINDOW = 1024 * 1024;
    private static final int THRESHOLD = 256 * 1024;
    private static final int WARMUP_RUNS = 3;
    private static final double WARMUP_SECONDS = 2;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final PeerConnectionOptions LOOPBACK = PeerConnectionOptions.DEFAULT
            .withHostAddresses(HostAddressPolicy.LOOPBACK_ONLY);
    private static final PeerConnectionOptions WITH_NODE = PeerConnectionOptions.DEFAULT;
    private static final NodePeer.Implementation[] NODE_PEERS = NodePeer.Implementation.values();

    private DataChannelHarness() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf("java %s (%s), %d cores, node %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), nodeVersion());
        if (mode.equals("setup") || mode.equals("all")) {
            setup(runs);
        }
        if (mode.equals("echo") || mode.equals("all")) {
            echo(seconds, rounds);
        }
        System.exit(0);
    }

    // ---- setup time

    private static void setup(int runs) throws Exception {
        System.out.printf("%nsetup, createOffer -> channel open on both sides, %d runs after %d warm-up (ms)%n", runs,
                WARMUP_RUNS);
        System.out.printf("%-40s %8s %8s %8s %8s%n", "", "median", "p90", "min", "max");
        if (selected("rtc4j <-> rtc4j")) {
            printSetup("rtc4j <-> rtc4j", repeat(runs, DataChannelHarness::setupRtc4j));
        }
        for (NodePeer.Implementation impl : NODE_PEERS) {
            if (selected("rtc4j (offers) <-> " + impl.argument())) {
                printSetup("rtc4j (offers) <-> " + impl.argument(), repeat(runs, () -> setupWithNode(impl, true)));
            }
            if (selected(impl.argument() + " (offers) <-> rtc4j")) {
                printSetup(impl.argument() + " (offers) <-> rtc4j", repeat(runs, () -> setupWithNode(impl, false)));
            }
            if (!selected(impl.argument() + " <-> " + impl.argument())) {
                continue;
            }
            Map<String, Object> f = nodeBench(impl, "setup", String.valueOf(runs), String.valueOf(WARMUP_RUNS));
            System.out.printf("%-40s %8.1f %8.1f %8.1f %8.1f%n", impl.argument() + " <-> " + impl.argument() + " (node)",
                    num(f, "median_ms"), num(f, "p90_ms"), num(f, "min_ms"), num(f, "max_ms"));
        }
    }

    /** Whether the configuration is selected by {@code -Dbench.only=<part of its name>} (all when unset). */
    private static boolean selected(String name) {
        String only = System.getProperty("bench.only");
        return only == null || name.contains(only);
    }

    private interface Run {
        double millis() throws Exception;
    }

    private static double[] repeat(int runs, Run run) throws Exception {
        double[] times = new double[runs];
        for (int i = 0; i < WARMUP_RUNS + runs; i++) {
            double t = run.millis();
            if (i >= WARMUP_RUNS) {
                times[i - WARMUP_RUNS] = t;
            }
            Thread.sleep(50);
        }
        return times;
    }

    private static void printSetup(String name, double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s %8.1f %8.1f %8.1f %8.1f%n", name, percentile(sorted, 50), percentile(sorted, 90),
                sorted[0], sorted[sorted.length - 1]);
    }

    /** Nearest rank, as bench.js does. */
    static double percentile(double[] sorted, double p) {
        int rank = Math.max(1, (int) Math.ceil(p / 100 * sorted.length));
        return sorted[rank - 1];
    }

    private static double setupRtc4j() throws Exception {
        try (RTCPeerConnection a = new RTCPeerConnection(RTCConfiguration.DEFAULT, LOOPBACK);
             RTCPeerConnection b = new RTCPeerConnection(RTCConfiguration.DEFAULT, LOOPBACK)) {
            CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
            CompletableFuture<Void> bHasRemote = new CompletableFuture<>();
            a.onIceCandidate(c -> bHasRemote.thenRun(() -> b.addIceCandidate(c)));
            b.onIceCandidate(c -> aHasRemote.thenRun(() -> a.addIceCandidate(c)));
            CompletableFuture<Long> aOpen = new CompletableFuture<>();
            CompletableFuture<Long> bOpen = new CompletableFuture<>();
            b.onDataChannel(ch -> whenOpen(ch, bOpen));
            DataChannel ours = a.createDataChannel("bench", DataChannelInit.DEFAULT);
            whenOpen(ours, aOpen);
            long t0 = System.nanoTime();
            RTCSessionDescription offer = a.createOffer().get(5, TimeUnit.SECONDS);
            a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            bHasRemote.complete(null);
            RTCSessionDescription answer = b.createAnswer().get(5, TimeUnit.SECONDS);
            b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            aHasRemote.complete(null);
            long t1 = Math.max(aOpen.get(WAIT.toSeconds(), TimeUnit.SECONDS), bOpen.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            return (t1 - t0) / 1e6;
        }
    }

    private static void whenOpen(DataChannel ch, CompletableFuture<Long> open) {
        ch.onOpen(() -> open.complete(System.nanoTime()));
        if (ch.readyState() == DataChannelState.OPEN) {
            open.complete(System.nanoTime());
        }
    }

    /** One run against a new node process (started before the clock). */
    private static double setupWithNode(NodePeer.Implementation impl, boolean jvmOffers) throws Exception {
        try (NodePeer node = NodePeer.start(impl);
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT, WITH_NODE)) {
            return connectWithNode(node, pc, jvmOffers, null);
        }
    }

    /**
     * Connects {@code pc} with {@code node} over a channel "bench" that the offerer creates; returns the
     * milliseconds from createOffer to both sides open, and hands our end of the channel to {@code channel}.
     */
    private static double connectWithNode(NodePeer node, RTCPeerConnection pc, boolean jvmOffers,
                                          CompletableFuture<DataChannel> channel) throws Exception {
        CompletableFuture<Void> remoteSet = new CompletableFuture<>();
        CompletableFuture<Long> ourOpen = new CompletableFuture<>();
        CompletableFuture<Long> theirOpen = new CompletableFuture<>();
        pc.onIceCandidate(c -> {
            if (!c.isEndOfCandidates()) {
                remoteSet.thenRun(() -> node.command("addCandidate", "candidate", c.candidate(), "mid", c.sdpMid()));
            }
        });
        node.forEachEvent(e -> {
            if (e.isEvent("open") && "bench".equals(e.text("label"))) {
                theirOpen.complete(System.nanoTime());
            }
        });
        DataChannel[] ours = new DataChannel[1];
        long t0;
        if (jvmOffers) {
            ours[0] = pc.createDataChannel("bench", DataChannelInit.DEFAULT);
            whenOpen(ours[0], ourOpen);
            t0 = System.nanoTime();
            RTCSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
            pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            node.command("setRemoteDescription", "type", "offer", "sdp", offer.sdp());
            remoteSet.complete(null);
            JsonLine answer = node.await(e -> e.isEvent("description") && "answer".equals(e.text("type")), WAIT);
            pc.setRemoteDescription(RTCSessionDescription.answer(answer.text("sdp"))).get(5, TimeUnit.SECONDS);
        } else {
            pc.onDataChannel(ch -> {
                ours[0] = ch;
                whenOpen(ch, ourOpen);
            });
            node.command("createChannel", "label", "bench");
            t0 = System.nanoTime();
            node.command("createOffer");
            JsonLine offer = node.await(e -> e.isEvent("description") && "offer".equals(e.text("type")), WAIT);
            pc.setRemoteDescription(RTCSessionDescription.offer(offer.text("sdp"))).get(5, TimeUnit.SECONDS);
            RTCSessionDescription answer = pc.createAnswer().get(5, TimeUnit.SECONDS);
            pc.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            node.command("setRemoteDescription", "type", "answer", "sdp", answer.sdp());
            remoteSet.complete(null);
        }
        node.forEachEvent(e -> {
            if (e.isEvent("candidate")) {
                pc.addIceCandidate(new RTCIceCandidate(e.text("candidate"), e.text("mid"), -1));
            }
        });
        long t1;
        try {
            t1 = Math.max(ourOpen.get(WAIT.toSeconds(), TimeUnit.SECONDS), theirOpen.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no open within " + WAIT + ": " + pc + "\n" + node.diagnostics(), e);
        }
        if (channel != null) {
            channel.complete(ours[0]);
        }
        return (t1 - t0) / 1e6;
    }

    // ---- echo throughput

    /** The sender of the echo figure: windowed, paced by bufferedAmount; runs on the channel's loop. */
    private static final class Sender {
        private final DataChannel channel;
        private final byte[] message = new byte[MESSAGE];
        private long sent;
        final AtomicLong echoed = new AtomicLong();
        volatile boolean stopped;

        Sender(DataChannel channel) {
            this.channel = channel;
            Arrays.fill(message, (byte) 7);
            channel.setBufferedAmountLowThreshold(THRESHOLD);
            channel.onBufferedAmountLow(this::pump);
            channel.onMessage(m -> {
                echoed.addAndGet(m.size());
                pump();
            });
        }

        void pump() {
            while (!stopped && sent - echoed.get() + MESSAGE <= WINDOW && channel.bufferedAmount() <= THRESHOLD) {
                channel.send(message);
                sent += MESSAGE;
            }
        }
    }

    private record EchoResult(double mbytesPerSecond, double jvmCpu, double nodeCpu, String threads, long drops) {
    }

    private static void echo(double seconds, int rounds) throws Exception {
        System.out.printf("%necho, 16 KiB binary messages, window 1 MiB, bufferedAmount <= 256 KiB, %.0f s after %.0f s"
                + " warm-up, median of %d interleaved rounds%n", seconds, WARMUP_SECONDS, rounds);
        Map<String, List<EchoResult>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            if (selected("rtc4j <-> rtc4j")) {
                results.computeIfAbsent("rtc4j <-> rtc4j (one JVM)", k -> new ArrayList<>()).add(echoRtc4j(seconds));
            }
            for (NodePeer.Implementation impl : NODE_PEERS) {
                if (selected("rtc4j -> " + impl.argument())) {
                    results.computeIfAbsent("rtc4j -> " + impl.argument() + " (echoes)", k -> new ArrayList<>())
                            .add(echoWithNode(impl, seconds));
                }
                if (selected(impl.argument() + " <-> " + impl.argument())) {
                    Map<String, Object> f = nodeBench(impl, "echo", String.valueOf(seconds),
                            String.valueOf(WARMUP_SECONDS));
                    results.computeIfAbsent(impl.argument() + " <-> " + impl.argument() + " (node)",
                            k -> new ArrayList<>()).add(new EchoResult(num(f, "mbytes_per_s"), Double.NaN,
                            num(f, "cpu_s") / num(f, "seconds"), "", -1));
                }
            }
        }
        System.out.printf("%-34s %6s %6s %8s %8s %7s %7s %6s  %s%n", "", "MB/s", "Mbit/s", "JVM cpu", "node cpu",
                "JVM ms", "node ms", "drops", "all rounds (MB/s)");
        for (Map.Entry<String, List<EchoResult>> e : results.entrySet()) {
            List<EchoResult> list = e.getValue();
            double[] mbs = list.stream().mapToDouble(EchoResult::mbytesPerSecond).toArray();
            double median = median(mbs);
            EchoResult mid = list.stream().min((x, y) -> Double.compare(Math.abs(x.mbytesPerSecond() - median),
                    Math.abs(y.mbytesPerSecond() - median))).orElseThrow();
            System.out.printf("%-34s %6.1f %6.0f %8s %8s %7s %7s %6s  %s%n", e.getKey(), median, median * 8,
                    share(mid.jvmCpu()), share(mid.nodeCpu()), share(1000 * mid.jvmCpu() / mid.mbytesPerSecond()),
                    share(1000 * mid.nodeCpu() / mid.mbytesPerSecond()), mid.drops() < 0 ? "-" : mid.drops(),
                    String.join(" ", Arrays.stream(mbs).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).toList()));
        }
        System.out.println("(of the round closest to the median: cpu = CPU seconds per wall second, 2.00 = both cores;"
                + " ms = CPU milliseconds per MB echoed; drops = UDP receive-buffer drops on the whole host,"
                + " /proc/net/snmp RcvbufErrors)");
        for (Map.Entry<String, List<EchoResult>> e : results.entrySet()) {
            for (EchoResult r : e.getValue()) {
                if (!r.threads().isEmpty()) {
                    System.out.printf("busiest JVM threads, %s: %s%n", e.getKey(), r.threads());
                    break;
                }
            }
        }
    }

    private static String share(double cpu) {
        return Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.2f", cpu);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static EchoResult echoRtc4j(double seconds) throws Exception {
        try (RTCPeerConnection a = new RTCPeerConnection(RTCConfiguration.DEFAULT, LOOPBACK);
             RTCPeerConnection b = new RTCPeerConnection(RTCConfiguration.DEFAULT, LOOPBACK)) {
            CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
            CompletableFuture<Void> bHasRemote = new CompletableFuture<>();
            a.onIceCandidate(c -> bHasRemote.thenRun(() -> b.addIceCandidate(c)));
            b.onIceCandidate(c -> aHasRemote.thenRun(() -> a.addIceCandidate(c)));
            CompletableFuture<Long> aOpen = new CompletableFuture<>();
            CompletableFuture<Long> bOpen = new CompletableFuture<>();
            b.onDataChannel(ch -> {
                ch.onMessage(m -> ch.send(m.data()));
                whenOpen(ch, bOpen);
            });
            DataChannel ours = a.createDataChannel("bench", DataChannelInit.DEFAULT);
            whenOpen(ours, aOpen);
            RTCSessionDescription offer = a.createOffer().get(5, TimeUnit.SECONDS);
            a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            bHasRemote.complete(null);
            RTCSessionDescription answer = b.createAnswer().get(5, TimeUnit.SECONDS);
            b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            aHasRemote.complete(null);
            aOpen.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            bOpen.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return measure(a, ours, seconds, Optional.empty());
        }
    }

    private static EchoResult echoWithNode(NodePeer.Implementation impl, double seconds) throws Exception {
        try (NodePeer node = NodePeer.start(impl);
             RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT, WITH_NODE)) {
            node.command("quiet");
            CompletableFuture<DataChannel> channel = new CompletableFuture<>();
            connectWithNode(node, pc, true, channel);
            long pid = ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("node"))
                    .mapToLong(ProcessHandle::pid).max().orElse(-1);
            EchoResult r = measure(pc, channel.get(), seconds, Optional.of(pid));
            node.events().stream().filter(e -> e.isEvent("error")).findFirst().ifPresent(e -> {
                throw new AssertionError(impl.argument() + " reported an error: " + e + "\n" + node.diagnostics());
            });
            return r;
        }
    }

    private static EchoResult measure(RTCPeerConnection pc, DataChannel channel, double seconds, Optional<Long> nodePid)
            throws Exception {
        Sender sender = pc.onLoop(() -> new Sender(channel));
        pc.onLoop(() -> {
            sender.pump();
            return null;
        });
        Thread.sleep((long) (WARMUP_SECONDS * 1000));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> threads0 = threadCpu();
        long bytes0 = sender.echoed.get();
        long cpu0 = os.getProcessCpuTime();
        long node0 = nodePid.map(DataChannelHarness::procCpuNanos).orElse(0L);
        long drops0 = rcvbufErrors();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long drops = rcvbufErrors() - drops0;
        long bytes = sender.echoed.get() - bytes0;
        long elapsed = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        long node = nodePid.map(DataChannelHarness::procCpuNanos).orElse(0L) - node0;
        Map<String, Long> threads1 = threadCpu();
        sender.stopped = true;
        List<Map.Entry<String, Long>> busiest = new ArrayList<>();
        threads1.forEach((name, t) -> busiest.add(Map.entry(name, t - threads0.getOrDefault(name, 0L))));
        busiest.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        String top = String.join(", ", busiest.stream().limit(4).map(
                en -> String.format(Locale.ROOT, "%s %.2f", en.getKey(), en.getValue() / (double) elapsed)).toList());
        return new EchoResult(bytes / (elapsed / 1e9) / 1e6, cpu / (double) elapsed,
                nodePid.isPresent() ? node / (double) elapsed : Double.NaN, top, drops);
    }

    /** CPU nanoseconds of each live JVM thread, by name (threads of one name summed). */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new LinkedHashMap<>();
        for (long id : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = mx.getThreadInfo(id);
            long t = mx.getThreadCpuTime(id);
            if (info != null && t > 0) {
                m.merge(info.getThreadName(), t, Long::sum);
            }
        }
        return m;
    }

    /** The host's count of UDP datagrams dropped for a full receive buffer (Linux), -1 when unknown. */
    private static long rcvbufErrors() {
        try {
            List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp:"))
                    .toList();
            int i = Arrays.asList(udp.get(0).split(" ")).indexOf("RcvbufErrors");
            return Long.parseLong(udp.get(1).split(" ")[i]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a process from /proc (Linux), in nanoseconds; 0 when unknown. */
    private static long procCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    // ---- the node peers with themselves

    private static Map<String, Object> nodeBench(NodePeer.Implementation impl, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", NodePeer.directory().resolve("bench.js").toString(),
                impl.argument()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(NodePeer.directory().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || last == null) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " failed (exit " + (p.isAlive() ? "-" : p.exitValue())
                    + ")");
        }
        return JsonLine.parse(last).fields();
    }

    private static double num(Map<String, Object> fields, String name) {
        Object v = fields.get(name);
        if (!(v instanceof Number n)) {
            throw new AssertionError("no number " + name + " in " + fields);
        }
        return n.doubleValue();
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return v;
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
