package org.rtc4j.pc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.ice.HostAddressPolicy;

/**
 * Two rtc4j peer connections over loopback UDP with in-memory signalling: candidates trickle to the
 * other side once it has a remote description, as signalling code must arrange. Closes both.
 */
final class PcPair implements AutoCloseable {
    static final PeerConnectionOptions LOOPBACK = PeerConnectionOptions.DEFAULT
            .withHostAddresses(HostAddressPolicy.LOOPBACK_ONLY);
    static final Duration WAIT = Duration.ofSeconds(15);

    final RTCPeerConnection a;
    final RTCPeerConnection b;
    final List<DataChannel> incomingA = new CopyOnWriteArrayList<>();
    final List<DataChannel> incomingB = new CopyOnWriteArrayList<>();
    final List<DataChannelMessage> messagesA = new CopyOnWriteArrayList<>();
    final List<DataChannelMessage> messagesB = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
    private volatile CompletableFuture<Void> bHasRemote = new CompletableFuture<>();

    PcPair() {
        this(RTCConfiguration.DEFAULT, RTCConfiguration.DEFAULT, LOOPBACK);
    }

    PcPair(RTCConfiguration configA, RTCConfiguration configB, PeerConnectionOptions options) {
        a = new RTCPeerConnection(configA, options);
        b = new RTCPeerConnection(configB, options);
        a.onIceCandidate(c -> bHasRemote.thenRun(() -> b.addIceCandidate(c)));
        b.onIceCandidate(c -> aHasRemote.thenRun(() -> a.addIceCandidate(c)));
        a.onDataChannel(ch -> {
            ch.onMessage(messagesA::add);
            incomingA.add(ch);
        });
        b.onDataChannel(ch -> {
            ch.onMessage(messagesB::add);
            incomingB.add(ch);
        });
    }

    /** One offer/answer round, {@code offerer} offering. */
    void negotiate(RTCPeerConnection offerer) throws Exception {
        RTCPeerConnection answerer = offerer == a ? b : a;
        RTCSessionDescription offer = offerer.createOffer().get(5, TimeUnit.SECONDS);
        offerer.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
        answerer.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
        hasRemote(answerer).complete(null);
        RTCSessionDescription answer = answerer.createAnswer().get(5, TimeUnit.SECONDS);
        answerer.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
        offerer.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
        hasRemote(offerer).complete(null);
    }

    private CompletableFuture<Void> hasRemote(RTCPeerConnection pc) {
        return pc == a ? aHasRemote : bHasRemote;
    }

    void awaitConnected() throws InterruptedException {
        await(() -> a.connectionState() == RTCPeerConnectionState.CONNECTED
                && b.connectionState() == RTCPeerConnectionState.CONNECTED, "both connected");
    }

    /** Waits for a condition other threads make true, bounded by {@link #WAIT}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT);
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
