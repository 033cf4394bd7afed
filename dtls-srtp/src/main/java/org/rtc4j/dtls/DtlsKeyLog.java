package org.rtc4j.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Receives DTLS session secrets in the NSS key log format ({@code SSLKEYLOGFILE}), one line per
 * completed handshake, so that Wireshark can decrypt a capture of the association
 * (Preferences, Protocols, TLS, "(Pre)-Master-Secret log filename"). For DTLS 1.2 the line is
 * {@code CLIENT_RANDOM <client random, 64 hex digits> <master secret, 96 hex digits>}, without a
 * line terminator.
 *
 * <p>Set with {@link DtlsConfig#withKeyLog}; off by default. Called on the handshake thread while
 * the handshake completes, so it must be quick and must not block for long; an exception it throws
 * is logged and ignored. The library never opens files itself: {@link #appendingTo} is a helper for
 * drivers that want the usual file.
 *
 * <p>Anyone who reads these lines can decrypt the media keys and data channel traffic: for
 * debugging only, never in production.
 */
@FunctionalInterface
public interface DtlsKeyLog {

    /**
     * Takes one key log line.
     *
     * @param line e.g. {@code CLIENT_RANDOM 5f3a... 9c1b...}, without a line terminator
     */
    void log(String line);

    /**
     * Formats the NSS key log line of a (D)TLS 1.2 session.
     *
     * @param clientRandom the ClientHello random, 32 bytes
     * @param masterSecret the master secret, 48 bytes
     * @throws IllegalArgumentException if the lengths are wrong
     */
    static String clientRandomLine(byte[] clientRandom, byte[] masterSecret) {
        if (clientRandom.length != 32 || masterSecret.length != 48) {
            throw new IllegalArgumentException("client random of " + clientRandom.length + " bytes, master secret of "
                    + masterSecret.length + " bytes (expected: 32 and 48)");
        }
        HexFormat hex = HexFormat.of();
        return "CLIENT_RANDOM " + hex.formatHex(clientRandom) + " " + hex.formatHex(masterSecret);
    }

    /**
     * A key log that appends each line plus {@code '\n'} to {@code file}, creating it if needed, e.g.
     * {@code DtlsKeyLog.appendingTo(Path.of(System.getenv("SSLKEYLOGFILE")))}. The file is opened
     * and closed for each line, and all key logs made here write under one lock, so that many
     * endpoints can share a file without interleaving lines.
     *
     * @throws UncheckedIOException from {@link #log} when the file cannot be written (the endpoint
     *                              logs and ignores it)
     */
    static DtlsKeyLog appendingTo(Path file) {
        Objects.requireNonNull(file, "file");
        return line -> {
            KeyLogFileLock.LOCK.lock();
            try {
                Files.writeString(file, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the key log " + file, e);
            } finally {
                KeyLogFileLock.LOCK.unlock();
            }
        };
    }
}

/** The lock all {@link DtlsKeyLog#appendingTo} key logs share. */
final class KeyLogFileLock {
    static final ReentrantLock LOCK = new ReentrantLock();

    private KeyLogFileLock() {
    }
}
