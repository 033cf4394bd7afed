package org.rtc4j.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCIceCandidate;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCSessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM participant that the page's "invite the JVM" button brings into a room: an rtc4j
 * {@link RTCPeerConnection} to every browser in the room (it offers to those present, answers those who
 * come later), with the page's data channel {@code chat}. It answers chat messages, and acknowledges
 * every file with its size and SHA-256. It has no media yet; pages send it none.
 *
 * <p>The page's data-channel protocol, which the bot speaks: text messages are JSON,
 * {@code {"type":"chat","text":...}} or {@code {"type":"file","id":...,"name":...,"size":N}} followed by
 * binary messages that carry the file's {@code N} bytes in order.
 *
 * <p>Signaling messages from the hub are handled in order on the bot's own thread; it leaves when
 * the last browser leaves the room.
 */
public final class ChatBot implements SignalingMember {
    private static final Logger LOG = LoggerFactory.getLogger(ChatBot.class);
    /** The largest file the bot accepts. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final String id;
    private final SignalingHub hub;
    private final RTCConfiguration configuration;
    private final ExecutorService thread;
    private final Map<String, RTCPeerConnection> peers = new ConcurrentHashMap<>();
    /** Candidates that came before the remote description, per peer; only touched on the bot's thread. */
    private final Map<String, List<RTCIceCandidate>> early = new HashMap<>();
    /**
     * Our own candidates gathered before our description went out, per peer; only touched on the bot's
     * thread. rtc4j trickles during setLocalDescription, and a candidate must not overtake its offer.
     */
    private final Map<String, List<ObjectNode>> unsent = new HashMap<>();
    private volatile boolean closed;

    ChatBot(String id, SignalingHub hub, RTCConfiguration configuration) {
        this.id = id;
        this.hub = hub;
        this.configuration = configuration;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rtc4j-bot-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return "jvm";
    }

    /** Runs a task on the bot's thread, in order; dropped once the bot has left. */
    private void onBotThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("bot {}: gone; dropping a task", id);
        }
    }

    @Override
    public void deliver(String json) {
        if (!closed) {
            onBotThread(() -> {
                try {
                    onSignal(SignalingHub.JSON.readTree(json));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("bot {}: cannot handle {}", id, json, e);
                }
            });
        }
    }

    private void send(ObjectNode msg) {
        if (!closed) {
            hub.handle(this, msg.toString());
        }
    }

    private void onSignal(JsonNode msg) {
        String type = msg.path("type").asText();
        String from = msg.path("from").asText();
        switch (type) {
            case "peers" -> {
                for (JsonNode p : msg.path("peers")) {
                    if ("browser".equals(p.path("kind").asText())) {
                        offerTo(p.path("id").asText());
                    }
                }
            }
            case "offer" -> {
                RTCPeerConnection pc = newPeer(from);
                early.put(from, new ArrayList<>());
                pc.setRemoteDescription(RTCSessionDescription.offer(msg.path("sdp").asText()))
                        .thenRun(() -> onBotThread(() -> flushEarly(from, pc)))
                        .thenCompose(v -> pc.setLocalDescription())
                        .thenRun(() -> sendDescription(from, "answer", pc))
                        .exceptionally(e -> fail(from, "answering", e));
            }
            case "answer" -> {
                RTCPeerConnection pc = peers.get(from);
                if (pc != null) {
                    pc.setRemoteDescription(RTCSessionDescription.answer(msg.path("sdp").asText()))
                            .thenRun(() -> onBotThread(() -> flushEarly(from, pc)))
                            .exceptionally(e -> fail(from, "taking the answer", e));
                }
            }
            case "candidate" -> {
                RTCPeerConnection pc = peers.get(from);
                JsonNode c = msg.path("candidate");
                if (pc != null && c.isObject() && !c.path("candidate").asText().isEmpty()) {
                    RTCIceCandidate candidate = new RTCIceCandidate(c.path("candidate").asText(),
                            c.hasNonNull("sdpMid") ? c.path("sdpMid").asText() : null, c.path("sdpMLineIndex").asInt(-1));
                    List<RTCIceCandidate> waiting = early.get(from);
                    if (waiting != null && waiting.size() < 100) {
                        waiting.add(candidate);
                    } else if (waiting == null) {
                        pc.addIceCandidate(candidate).exceptionally(e -> fail(from, "adding a candidate", e));
                    }
                }
            }
            case "leave" -> {
                early.remove(msg.path("peer").asText());
                unsent.remove(msg.path("peer").asText());
                RTCPeerConnection pc = peers.remove(msg.path("peer").asText());
                if (pc != null) {
                    pc.close();
                }
            }
            case "chat" -> send(SignalingHub.JSON.createObjectNode().put("type", "chat").put("to", from)
                    .put("text", reply(msg.path("text").asText())));
            case "error" -> LOG.info("bot {}: the hub says {}", id, msg);
            default -> { }
        }
    }

    /** The remote description is set: the candidates that came before it go in now, later ones directly. */
    private void flushEarly(String peer, RTCPeerConnection pc) {
        List<RTCIceCandidate> waiting = early.remove(peer);
        if (waiting != null && peers.get(peer) == pc) {
            for (RTCIceCandidate c : waiting) {
                pc.addIceCandidate(c).exceptionally(e -> fail(peer, "adding a candidate", e));
            }
        }
    }

    private Void fail(String peer, String what, Throwable e) {
        LOG.warn("bot {}: {} from {} failed: {}", id, what, peer, e.toString());
        return null;
    }

    private void offerTo(String peer) {
        RTCPeerConnection pc = newPeer(peer);
        early.put(peer, new ArrayList<>());
        serve(pc.createDataChannel("chat", DataChannelInit.DEFAULT));
        pc.setLocalDescription()
                .thenRun(() -> sendDescription(peer, "offer", pc))
                .exceptionally(e -> fail(peer, "offering", e));
    }

    /** Sends our offer or answer, then the candidates that were gathered before it, on the bot's thread. */
    private void sendDescription(String peer, String type, RTCPeerConnection pc) {
        onBotThread(() -> {
            send(SignalingHub.JSON.createObjectNode().put("type", type).put("to", peer)
                    .put("sdp", pc.localDescription().orElseThrow().sdp()));
            List<ObjectNode> waiting = unsent.remove(peer);
            if (waiting != null) {
                waiting.forEach(this::send);
            }
        });
    }

    private RTCPeerConnection newPeer(String peer) {
        RTCPeerConnection old = peers.remove(peer);
        if (old != null) {
            old.close();
        }
        unsent.put(peer, new ArrayList<>());
        RTCPeerConnection pc = new RTCPeerConnection(configuration);
        peers.put(peer, pc);
        pc.onIceCandidate(c -> {
            ObjectNode msg = SignalingHub.JSON.createObjectNode().put("type", "candidate").put("to", peer);
            if (c.isEndOfCandidates()) {
                msg.putNull("candidate");
            } else {
                msg.putObject("candidate").put("candidate", c.candidate()).put("sdpMid", c.sdpMid())
                        .put("sdpMLineIndex", Math.max(0, c.sdpMLineIndex()));
            }
            onBotThread(() -> {
                List<ObjectNode> waiting = unsent.get(peer);
                if (waiting != null) {
                    waiting.add(msg);
                } else {
                    send(msg);
                }
            });
        });
        pc.onConnectionStateChange(s -> LOG.debug("bot {} to {}: {}", id, peer, s));
        pc.onDataChannel(this::serve);
        return pc;
    }

    /** Answers what arrives on a {@code chat} channel; the state of a file in progress lives here. */
    private void serve(DataChannel channel) {
        channel.onOpen(() -> channel.send(chat("Hello from the rtc4j JVM bot. Say something, or send me a file.")));
        FileReceipt[] file = new FileReceipt[1];
        channel.onMessage(m -> {
            if (m.binary()) {
                if (file[0] != null && file[0].add(m) && file[0].done()) {
                    channel.send(chat(file[0].summary()));
                    file[0] = null;
                }
                return;
            }
            JsonNode msg;
            try {
                msg = SignalingHub.JSON.readTree(m.text());
            } catch (IOException e) {
                channel.send(chat("rtc4j bot: I only understand the page's JSON messages"));
                return;
            }
            switch (msg.path("type").asText()) {
                case "chat" -> channel.send(chat(reply(msg.path("text").asText())));
                case "file" -> {
                    long size = msg.path("size").asLong(-1);
                    if (size < 0 || size > MAX_FILE_BYTES) {
                        channel.send(chat("rtc4j bot: I take files of up to " + (MAX_FILE_BYTES >> 20) + " MiB"));
                        file[0] = null;
                    } else {
                        file[0] = new FileReceipt(msg.path("name").asText("file"), size);
                        if (file[0].done()) {
                            channel.send(chat(file[0].summary()));
                            file[0] = null;
                        }
                    }
                }
                default -> { }
            }
        });
    }

    private static String reply(String text) {
        String t = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return "rtc4j bot: you said \"" + t + "\" (" + text.codePointCount(0, text.length()) + " characters)";
    }

    private static String chat(String text) {
        return SignalingHub.JSON.createObjectNode().put("type", "chat").put("text", text).toString();
    }

    /** A file being received: its bytes are hashed, not kept. */
    private static final class FileReceipt {
        final String name;
        final long size;
        final MessageDigest sha256;
        long received;

        FileReceipt(String name, long size) {
            this.name = name.length() > 100 ? name.substring(0, 100) : name;
            this.size = size;
            try {
                this.sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has SHA-256", e);
            }
        }

        boolean add(DataChannelMessage m) {
            if (received + m.size() > size) {
                return false;
            }
            sha256.update(m.data());
            received += m.size();
            return true;
        }

        boolean done() {
            return received == size;
        }

        String summary() {
            return "rtc4j bot: received " + name + ", " + size + " bytes, SHA-256 " + HexFormat.of().formatHex(sha256.digest());
        }
    }

    @Override
    public void disconnect(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("bot {} leaves: {}", id, reason);
        onBotThread(() -> {
            peers.values().forEach(RTCPeerConnection::close);
            peers.clear();
        });
        thread.shutdown();
    }

    @Override
    public String toString() {
        return "ChatBot[" + id + "]";
    }
}
