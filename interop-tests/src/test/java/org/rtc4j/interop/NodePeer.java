package org.rtc4j.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC peer in a Node.js child process ({@code interop-tests/node/peer.js}): libdatachannel
 * through {@code node-datachannel} or libwebrtc through {@code @roamhq/wrtc}. The test sends commands
 * as line-delimited JSON on the child's stdin and reads its events from stdout (see the script's
 * header for both vocabularies); the child echoes every data-channel message back on its channel.
 *
 * <p>The node packages are installed by {@code ./test.sh} ({@code npm ci --prefix interop-tests/node});
 * a missing Node.js or a missing {@code node_modules} fails the test with that hint, never skips it.
 * Closing ends stdin (the script then closes its peer connection and exits), and kills the process if
 * it has not exited within a few seconds.
 */
final class NodePeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodePeer.class);
    private static final String INSTALL = "Node.js (apt-get install nodejs npm) and the node peers (npm ci --prefix interop-tests/node)";
    /** The most events kept; a peer that floods stdout fails the test instead of exhausting the heap. */
    static final int EVENT_BOUND = 100_000;

    /** The WebRTC implementations the script can run. */
    enum Implementation {
        /** libdatachannel with usrsctp, through the npm package {@code node-datachannel} 0.33.4. */
        LIBDATACHANNEL("libdatachannel", "node-datachannel"),
        /** libwebrtc with dcsctp, through the npm package {@code @roamhq/wrtc} 0.10.0. */
        LIBWEBRTC("libwebrtc", "@roamhq/wrtc");

        private final String argument;
        private final String npmPackage;

        Implementation(String argument, String npmPackage) {
            this.argument = argument;
            this.npmPackage = npmPackage;
        }

        /** The script's argument, also a short name for files and logs. */
        String argument() {
            return argument;
        }

        String npmPackage() {
            return npmPackage;
        }
    }

    private final Implementation implementation;
    private final Process process;
    private final OutputStream stdin;
    private final Path stderr;
    private final Thread reader;
    private final List<JsonLine> events = new ArrayList<>();
    private final List<java.util.function.Consumer<JsonLine>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean ended;
    private String readFailure;

    private NodePeer(Implementation implementation, Process process, Path stderr) {
        this.implementation = implementation;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        this.reader = new Thread(this::readEvents, "node-peer-" + implementation.argument() + "-stdout");
        this.reader.setDaemon(true);
    }

    /** The directory of the node peers: {@code interop-tests/node}, found from the module or the repository root. */
    static Path directory() {
        for (Path p : List.of(Path.of("node"), Path.of("interop-tests", "node"))) {
            if (Files.isRegularFile(p.resolve("peer.js"))) {
                return p.toAbsolutePath();
            }
        }
        throw new AssertionError("interop-tests/node/peer.js not found from " + Path.of("").toAbsolutePath());
    }

    /**
     * Starts the peer and waits for its {@code ready} event.
     *
     * @throws AssertionError if Node.js or the npm package is missing, or the peer does not come up
     */
    static NodePeer start(Implementation implementation) throws IOException, InterruptedException {
        ExternalPeer.requireProgram("node", INSTALL);
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(implementation.npmPackage()))) {
            throw new AssertionError(implementation.npmPackage() + " is not installed in " + dir
                    + "; run the README's test command (./test.sh), which installs " + INSTALL);
        }
        Path stderr = Files.createTempFile("rtc4j-node-" + implementation.argument(), ".log");
        ProcessBuilder builder = new ProcessBuilder("node", dir.resolve("peer.js").toString(), implementation.argument())
                .directory(dir.toFile())
                .redirectError(stderr.toFile());
        Process process = builder.start();
        NodePeer peer = new NodePeer(implementation, process, stderr);
        peer.reader.start();
        try {
            JsonLine ready = peer.await(e -> e.isEvent("ready"), Duration.ofSeconds(20));
            LOG.debug("{} ready: {}", implementation.argument(), ready);
        } catch (AssertionError | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    Implementation implementation() {
        return implementation;
    }

    /** The version the peer reported in its {@code ready} event. */
    String version() {
        return first(e -> e.isEvent("ready")).map(e -> e.text("version")).orElse("unknown");
    }

    /** Sends one command. */
    void send(JsonLine command) {
        String line = command.encode() + "\n";
        LOG.debug("-> {} {}", implementation.argument(), command);
        try {
            synchronized (stdin) {
                stdin.write(line.getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write to " + this + ": " + e + "\n" + diagnostics(), e);
        }
    }

    /** Sends {@code {"cmd": cmd, name: value, ...}}. */
    void command(String cmd, Object... namesAndValues) {
        Object[] all = new Object[namesAndValues.length + 2];
        all[0] = "cmd";
        all[1] = cmd;
        System.arraycopy(namesAndValues, 0, all, 2, namesAndValues.length);
        send(JsonLine.of(all));
    }

    /**
     * Calls {@code listener} with every event so far (on the calling thread) and then with each new one
     * (on the thread that reads the peer's stdout). A listener that fails is logged and kept.
     */
    void forEachEvent(java.util.function.Consumer<JsonLine> listener) {
        List<JsonLine> past;
        synchronized (events) {
            past = List.copyOf(events);
            listeners.add(listener);
        }
        past.forEach(e -> notify(listener, e));
    }

    private void notify(java.util.function.Consumer<JsonLine> listener, JsonLine event) {
        try {
            listener.accept(event);
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("{}: a listener failed on {}", implementation.argument(), event, e);
        }
    }

    /** Every event so far, in order. */
    List<JsonLine> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first event so far that matches. */
    Optional<JsonLine> first(Predicate<JsonLine> condition) {
        synchronized (events) {
            return events.stream().filter(condition).findFirst();
        }
    }

    /**
     * Waits for the first event (counting those already received) that matches.
     *
     * @throws AssertionError with the events and the peer's stderr, if none comes within {@code timeout}
     *                        or the peer exits first
     */
    JsonLine await(Predicate<JsonLine> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (JsonLine e : events) {
                    if (condition.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError((ended ? implementation.argument() + " exited" : "timed out after " + timeout)
                            + " waiting for an event\n" + diagnostics());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** Waits until {@code count} events (counting those already received) match. */
    void awaitCount(Predicate<JsonLine> condition, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (events.stream().filter(condition).count() < count) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError((ended ? implementation.argument() + " exited" : "timed out after " + timeout)
                            + " waiting for " + count + " events\n" + diagnostics());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** The events and the peer's stderr, for failure messages. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder(implementation.argument()).append(" events:\n");
        for (JsonLine e : events()) {
            String s = e.toString();
            sb.append("  ").append(s.length() > 300 ? s.substring(0, 300) + "..." : s).append('\n');
        }
        if (readFailure != null) {
            sb.append("stdout failed: ").append(readFailure).append('\n');
        }
        try {
            sb.append(implementation.argument()).append(" stderr:\n").append(Files.readString(stderr));
        } catch (IOException e) {
            sb.append("(cannot read ").append(stderr).append(")");
        }
        return sb.toString();
    }

    private void readEvents() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonLine event;
                try {
                    event = JsonLine.parse(line);
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: not an event: {} ({})", implementation.argument(), line, e.getMessage());
                    continue;
                }
                LOG.debug("<- {} {}", implementation.argument(), event);
                synchronized (events) {
                    if (events.size() >= EVENT_BOUND) {
                        readFailure = "more than " + EVENT_BOUND + " events";
                        break;
                    }
                    events.add(event);
                    events.notifyAll();
                }
                for (java.util.function.Consumer<JsonLine> listener : listeners) {
                    notify(listener, event);
                }
            }
        } catch (IOException e) {
            readFailure = e.toString();
        } finally {
            synchronized (events) {
                ended = true;
                events.notifyAll();
            }
        }
    }

    /** Whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process ended (137 if it had to be killed), -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Closes stdin (the script closes its peer connection and exits); kills the process after 5 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debug("closing the stdin of {} failed", this, e);
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            LOG.warn("{} did not exit within 5 s of its stdin closing; killing it", this);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(2));
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", stderr, e);
        }
    }

    @Override
    public String toString() {
        return "NodePeer[" + implementation.argument() + ", pid " + process.pid() + "]";
    }
}
