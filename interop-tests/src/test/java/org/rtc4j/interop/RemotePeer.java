package org.rtc4j.interop;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An independent WebRTC peer that a test drives with the vocabulary of
 * {@code interop-tests/node/peer.js}: commands {@code {"cmd": ...}} and events {@code {"event": ...}},
 * both flat {@link JsonLine}s. The peer echoes every data-channel message back on its channel.
 * Implemented by {@link NodePeer} (libdatachannel, libwebrtc) and {@link ChromiumPeer} (Chromium), so a
 * scenario is written once for all of them.
 *
 * <p>Commands: {@code createChannel} (label, ordered?, maxRetransmits?, maxPacketLifeTime?, protocol?,
 * negotiated?, id?), {@code createOffer}, {@code setRemoteDescription} (type, sdp), {@code addCandidate}
 * (candidate, mid), {@code send} (label, text | base64), {@code closeChannel} (label), {@code close}.
 * Events: {@code ready} (impl, version), {@code description} (type, sdp), {@code candidate} (candidate,
 * mid), {@code gatheringComplete}, {@code iceState} (state), {@code connectionState} (state),
 * {@code channel} (label, id, protocol, ordered: opened by the other side), {@code open} (label, id),
 * {@code message} and {@code echoed} (label, binary, size), {@code closed} (label), {@code error} (message).
 * Commands run one after the other in the order sent; their outcome arrives as events.
 */
interface RemotePeer extends AutoCloseable {
    /** A short name for logs and test names: {@code libdatachannel}, {@code libwebrtc}, {@code chromium}. */
    String name();

    /** The version the peer reported in its {@code ready} event. */
    default String version() {
        return events().stream().filter(e -> e.isEvent("ready")).findFirst().map(e -> e.text("version")).orElse("unknown");
    }

    /** Sends {@code {"cmd": cmd, name: value, ...}}. */
    void command(String cmd, Object... namesAndValues);

    /**
     * Waits for the first event (counting those already received) that matches.
     *
     * @throws AssertionError with {@link #diagnostics()}, if none comes within {@code timeout} or the peer ends first
     */
    JsonLine await(Predicate<JsonLine> condition, Duration timeout) throws InterruptedException;

    /** Waits until {@code count} events (counting those already received) match. */
    void awaitCount(Predicate<JsonLine> condition, int count, Duration timeout) throws InterruptedException;

    /**
     * Calls {@code listener} with every event so far (on the calling thread) and then with each new one
     * (on the thread that receives them). A listener that fails is logged and kept.
     */
    void forEachEvent(Consumer<JsonLine> listener);

    /** Every event so far, in order. */
    List<JsonLine> events();

    /** The events and the peer's own log, for failure messages. */
    String diagnostics();

    /** Ends the peer and every process it started; waits a bounded time. */
    @Override
    void close() throws InterruptedException;

    /** How many session descriptions of {@code type} ("offer", "answer") the peer has produced so far. */
    default long descriptionCount(String type) {
        return events().stream().filter(e -> isDescription(e, type)).count();
    }

    /** The peer's latest session description of {@code type}. */
    default JsonLine latestDescription(String type) {
        return events().stream().filter(e -> isDescription(e, type)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + type + " from " + name()));
    }

    /** Waits for the peer's next description of {@code type} after {@code before} of them, and returns it. */
    default JsonLine nextDescription(String type, long before, java.time.Duration timeout) throws InterruptedException {
        awaitCount(e -> isDescription(e, type), (int) before + 1, timeout);
        return latestDescription(type);
    }

    private static boolean isDescription(JsonLine e, String type) {
        return e.isEvent("description") && type.equals(e.text("type"));
    }

    /** The first {@code a=ice-ufrag} of an SDP text. */
    static String iceUfrag(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("a=ice-ufrag:")).findFirst().map(l -> l.substring(12).trim())
                .orElseThrow(() -> new AssertionError("no a=ice-ufrag in " + sdp));
    }
}
