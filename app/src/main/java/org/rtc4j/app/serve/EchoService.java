package org.rtc4j.app.serve;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCException;
import org.rtc4j.pc.RTCIceGatheringState;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCPeerConnectionState;
import org.rtc4j.pc.RTCSessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM peers behind {@code POST /echo} (WHIP-style, RFC 9725 conventions): each answers one offer
 * with all of its candidates in the SDP and echoes every data-channel message back on the channel it
 * came in on, as text or binary like the original. Media sections are answered as rejected until rtc4j
 * has media.
 *
 * <p>At most {@code maxPeers} live at once; a peer goes away when it is {@linkplain #close(String)
 * closed}, when its connection fails or closes, or when it has not connected within
 * {@link #CONNECT_TIMEOUT}.
 */
public final class EchoService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EchoService.class);
    /** How long an answered peer may take to connect before it is closed. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final RTCConfiguration configuration;
    private final int maxPeers;
    private final Duration gatheringTimeout;
    private final ScheduledExecutorService timers;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RTCPeerConnection> peers = new ConcurrentHashMap<>();
    private final Object admission = new Object();
    private int admitted;

    /** The outcome of an offer. */
    public sealed interface Result {
        /** 201: the id (for the Location) and the SDP answer. */
        record Answered(String id, String sdp) implements Result { }

        /** 400: the offer was refused, with the reason. */
        record BadOffer(String reason) implements Result { }

        /** 503: too many echo peers. */
        record Busy(int limit) implements Result { }
    }

    EchoService(RTCConfiguration configuration, int maxPeers, Duration gatheringTimeout, ScheduledExecutorService timers) {
        this.configuration = configuration;
        this.maxPeers = maxPeers;
        this.gatheringTimeout = gatheringTimeout;
        this.timers = timers;
    }

    /** The number of live echo peers. */
    public int size() {
        return peers.size();
    }

    /** Answers an offer with a new echo peer (never completes exceptionally). */
    public CompletableFuture<Result> answer(String offerSdp) {
        synchronized (admission) {
            if (admitted >= maxPeers) {
                return CompletableFuture.completedFuture(new Result.Busy(maxPeers));
            }
            admitted++;
        }
        String id = newId();
        RTCPeerConnection pc;
        try {
            pc = new RTCPeerConnection(configuration);
        } catch (RuntimeException e) {
            release();
            LOG.warn("echo: cannot create a peer connection", e);
            return CompletableFuture.completedFuture(new Result.Busy(maxPeers));
        }
        peers.put(id, pc);
        pc.onDataChannel(EchoService::echo);
        pc.onConnectionStateChange(s -> {
            LOG.debug("echo {}: {}", id, s);
            if (s == RTCPeerConnectionState.FAILED || s == RTCPeerConnectionState.CLOSED) {
                close(id);
            }
        });
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        pc.onIceGatheringStateChange(s -> {
            if (s == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        });
        timers.schedule(() -> {
            if (peers.get(id) == pc && pc.connectionState() != RTCPeerConnectionState.CONNECTED) {
                LOG.info("echo {}: not connected after {} s; closing", id, CONNECT_TIMEOUT.toSeconds());
                close(id);
            }
        }, CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return pc.setRemoteDescription(RTCSessionDescription.offer(offerSdp))
                .thenCompose(v -> pc.setLocalDescription())
                .thenCompose(v -> gathered.completeOnTimeout(null, gatheringTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .<Result>thenApply(v -> new Result.Answered(id, pc.localDescription().orElseThrow().sdp()))
                .exceptionally(failure -> {
                    close(id);
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    String reason = cause instanceof RTCException r && !r.getMessage().startsWith(r.errorName()) ? r.errorName() + ": " + r.getMessage()
                            : String.valueOf(cause.getMessage());
                    return new Result.BadOffer(reason);
                });
    }

    private static void echo(DataChannel channel) {
        channel.onMessage(m -> send(channel, m));
    }

    private static void send(DataChannel channel, DataChannelMessage m) {
        if (m.binary()) {
            channel.send(m.data());
        } else {
            channel.send(m.text());
        }
    }

    /** Closes the echo peer {@code id}; false when there is none. */
    public boolean close(String id) {
        RTCPeerConnection pc = peers.remove(id);
        if (pc == null) {
            return false;
        }
        release();
        pc.close();
        return true;
    }

    /** The peer connection {@code id}, while it lives. */
    Optional<RTCPeerConnection> peer(String id) {
        return Optional.ofNullable(peers.get(id));
    }

    private void release() {
        synchronized (admission) {
            admitted--;
        }
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        for (String id : peers.keySet()) {
            close(id);
        }
    }
}
