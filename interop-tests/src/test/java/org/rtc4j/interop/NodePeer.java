package org.rtc4j.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
final class NodePeer implements RemotePeer {
    private static final Logger LOG = LoggerFactory.getLogger(NodePeer.class);
    private static final String INSTALL = "Node.js (apt-get install nodejs npm) and the node peers (npm ci --prefix interop-tests/node)";
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
    private final PeerEvents events;

    private NodePeer(Implementation implementation, Process process, Path stderr) {
        this.implementation = implementation;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        this.reader = new Thread(this::readEvents, "node-peer-" + implementation.argument() + "-stdout");
        this.reader.setDaemon(true);
        this.events = new PeerEvents(implementation.argument(), this::diagnostics);
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
        return start(implementation, null);
    }

    /**
     * Starts a node peer with ICE settings ({@code iceJson}: the JSON that {@code peer.js} documents, e.g.
     * a TURN server and the relay-only policy), or none when null.
     */
    static NodePeer start(Implementation implementation, String iceJson) throws IOException, InterruptedException {
        ExternalPeer.requireProgram("node", INSTALL);
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(implementation.npmPackage()))) {
            throw new AssertionError(implementation.npmPackage() + " is not installed in " + dir
                    + "; run the README's test command (./test.sh), which installs " + INSTALL);
        }
        Path stderr = Files.createTempFile("rtc4j-node-" + implementation.argument(), ".log");
        List<String> command = new java.util.ArrayList<>(List.of("node", dir.resolve("peer.js").toString(),
                implementation.argument()));
        if (iceJson != null) {
            command.add(iceJson);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
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

    @Override
    public String name() {
        return implementation.argument();
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

    @Override
    public void command(String cmd, Object... namesAndValues) {
        Object[] all = new Object[namesAndValues.length + 2];
        all[0] = "cmd";
        all[1] = cmd;
        System.arraycopy(namesAndValues, 0, all, 2, namesAndValues.length);
        send(JsonLine.of(all));
    }

    @Override
    public void forEachEvent(Consumer<JsonLine> listener) {
        events.forEachEvent(listener);
    }

    @Override
    public List<JsonLine> events() {
        return events.events();
    }

    /** The first event so far that matches. */
    Optional<JsonLine> first(Predicate<JsonLine> condition) {
        return events().stream().filter(condition).findFirst();
    }

    @Override
    public JsonLine await(Predicate<JsonLine> condition, Duration timeout) throws InterruptedException {
        return events.await(condition, timeout);
    }

    @Override
    public void awaitCount(Predicate<JsonLine> condition, int count, Duration timeout) throws InterruptedException {
        events.awaitCount(condition, count, timeout);
    }

    /** The events and the peer's stderr, for failure messages. */
    @Override
    public String diagnostics() {
        StringBuilder sb = new StringBuilder(events.describe());
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
                if (!events.add(event)) {
                    break;
                }
            }
        } catch (IOException e) {
            events.end("stdout failed: " + e);
        } finally {
            events.end("exited");
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
