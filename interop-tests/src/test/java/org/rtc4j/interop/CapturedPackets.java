package org.rtc4j.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.rtc4j.sctp.Crc32c;
import org.rtc4j.sctp.DataChunk;
import org.rtc4j.sctp.ParameterChunk;
import org.rtc4j.sctp.SctpChunk;
import org.rtc4j.sctp.SctpException;
import org.rtc4j.sctp.SctpPacket;
import org.rtc4j.sctp.SctpParameter;

/**
 * Names and files for captured SCTP packets: each packet gets a kind from its chunks
 * ({@code init}, {@code cookie-echo+data-dcep-open}, {@code re-config-request}, ...), and
 * {@link #write} keeps the first packet of each kind a peer sent, as
 * {@code NN-<kind>.hex}: {@code #} comment lines (peer, direction, checksum, chunks), then the bytes in
 * hex, 32 to a line. {@code sctp-datachannel}'s {@code CapturedPacketsTest} reads them back.
 */
final class CapturedPackets {
    private static final int BYTES_PER_LINE = 32;

    private CapturedPackets() {
    }

    /** The kind of a packet: its chunks' names joined with {@code +}, DATA and RE-CONFIG told apart by content. */
    static String kind(byte[] packet) {
        SctpPacket p;
        try {
            p = SctpPacket.decode(packet);
        } catch (SctpException e) {
            return "undecodable";
        }
        Set<String> names = new LinkedHashSet<>();
        for (SctpChunk c : p.chunks()) {
            names.add(chunkKind(c));
        }
        return String.join("+", names);
    }

    private static String chunkKind(SctpChunk c) {
        if (c instanceof DataChunk d) {
            String what;
            if (d.ppid() == ScriptedSctpResponder.PPID_DCEP) {
                what = d.data().length > 0 && d.data()[0] == 3 ? "dcep-open" : "dcep-ack";
            } else if (d.ppid() == ScriptedSctpResponder.PPID_STRING) {
                what = "string";
            } else if (d.ppid() == ScriptedSctpResponder.PPID_BINARY) {
                what = "binary";
            } else if (d.ppid() == ScriptedSctpResponder.PPID_STRING_EMPTY) {
                what = "string-empty";
            } else if (d.ppid() == ScriptedSctpResponder.PPID_BINARY_EMPTY) {
                what = "binary-empty";
            } else {
                what = "ppid" + d.ppid();
            }
            String fragment = d.beginning() && d.end() ? "" : d.beginning() ? "-first-fragment" : d.end() ? "-last-fragment" : "-middle-fragment";
            return "data-" + what + fragment;
        }
        if (c.type() == SctpChunk.RE_CONFIG && c instanceof ParameterChunk r) {
            StringJoiner j = new StringJoiner("-", "re-config-", "");
            for (SctpParameter parameter : r.parameters()) {
                j.add(switch (parameter.type()) {
                    case SctpParameter.OUTGOING_SSN_RESET_REQUEST -> "request";
                    case SctpParameter.RECONFIGURATION_RESPONSE -> "response";
                    default -> "parameter" + parameter.type();
                });
            }
            return j.toString();
        }
        return SctpChunk.typeName(c.type()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** One line per packet of a log: time, direction, verification tag, kind, size, checksum; for failure messages. */
    static String summary(List<DtlsSctpPeer.SctpRecord> log) {
        StringBuilder sb = new StringBuilder();
        Instant start = log.isEmpty() ? Instant.EPOCH : log.get(0).time();
        for (DtlsSctpPeer.SctpRecord r : log) {
            byte[] b = r.packet();
            sb.append(String.format("%6d ms %-8s tag %10d %s%n", java.time.Duration.between(start, r.time()).toMillis(), r.direction(),
                    b.length >= SctpPacket.HEADER_LENGTH ? SctpPacket.verificationTag(b, 0) : -1, describe(b)));
        }
        return sb.toString();
    }

    /** A one-line description for messages: kind, size, checksum. */
    static String describe(byte[] packet) {
        return kind(packet) + " (" + packet.length + " bytes, checksum " + checksum(packet) + ")";
    }

    private static String checksum(byte[] packet) {
        if (packet.length < SctpPacket.HEADER_LENGTH) {
            return "none";
        }
        if (Crc32c.readField(packet, 0) == 0) {
            return "zero (RFC 9653)";
        }
        return new Crc32c().matches(packet, 0, packet.length) ? "crc32c" : "BAD";
    }

    /**
     * Replaces the {@code .hex} files in {@code dir} with the first packet of each kind the peer sent
     * in {@code log}, numbered in the order they arrived.
     *
     * @return the files written
     */
    static List<Path> write(Path dir, String peerVersion, List<DtlsSctpPeer.SctpRecord> log) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().endsWith(".hex")).toList()) {
                Files.delete(p);
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Path> written = new ArrayList<>();
        Instant start = log.isEmpty() ? Instant.EPOCH : log.get(0).time();
        for (DtlsSctpPeer.SctpRecord r : log) {
            if (r.direction() != DtlsSctpPeer.Direction.RECEIVED) {
                continue;
            }
            String kind = kind(r.packet());
            if (!seen.add(kind)) {
                continue;
            }
            Path file = dir.resolve(String.format("%02d-%s.hex", written.size() + 1, kind));
            Files.writeString(file, hexFile(peerVersion, r, java.time.Duration.between(start, r.time()).toMillis()));
            written.add(file);
        }
        return written;
    }

    private static String hexFile(String peerVersion, DtlsSctpPeer.SctpRecord r, long millis) {
        byte[] b = r.packet();
        StringBuilder sb = new StringBuilder();
        sb.append("# sent by ").append(peerVersion).append(" to rtc4j, ").append(millis).append(" ms into the SCTP exchange\n");
        sb.append("# ").append(b.length).append(" bytes, checksum ").append(checksum(b)).append('\n');
        try {
            for (SctpChunk c : SctpPacket.decode(b).chunks()) {
                sb.append("# ").append(c).append('\n');
            }
        } catch (SctpException e) {
            sb.append("# undecodable: ").append(e.getMessage()).append('\n');
        }
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < b.length; i += BYTES_PER_LINE) {
            sb.append(hex.formatHex(b, i, Math.min(b.length, i + BYTES_PER_LINE))).append('\n');
        }
        return sb.toString();
    }
}
