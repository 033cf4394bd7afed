package org.rtc4j.interop;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent implementation run as a child process for an interop test: its output goes to a
 * log file that failures print, and closing kills it. A missing program fails the test with the
 * command that installs it, never skips it.
 */
final class ExternalPeer implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ExternalPeer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}; {@code installHint} names the package to install when the program is missing. */
    static ExternalPeer start(String installHint, List<String> command) throws IOException {
        requireProgram(command.get(0), installHint);
        Path log = Files.createTempFile("rtc4j-" + Path.of(command.get(0)).getFileName(), ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ExternalPeer(String.join(" ", command), p, log);
    }

    /** Runs {@code command} to completion within {@code timeout}; returns its output. */
    static Result run(String installHint, Duration timeout, String... command) throws IOException, InterruptedException {
        requireProgram(command[0], installHint);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), new String(out));
    }

    /** What a finished program printed. */
    record Result(int exitCode, String output) {
    }

    static void requireProgram(String program, String installHint) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw new AssertionError(program + " is not installed; run the README's test command (./test.sh), "
                + "which installs " + installHint);
    }

    /** Whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** What the process printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** A UDP port that was free a moment ago. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }

    @Override
    public String toString() {
        return name;
    }
}
