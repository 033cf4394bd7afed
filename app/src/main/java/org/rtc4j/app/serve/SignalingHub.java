package org.rtc4j.app.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of {@code rtc4j serve} and the JSON signaling between their members: a message from a
 * member is validated, then relayed to other members of its room, or answered with an
 * {@code error} that changes nothing.
 *
 * <p>Messages from a member ({@code type}, then fields):
 * <ul>
 *   <li>{@code join {room, name?}}: enter a room; the member gets {@code peers {you, room, peers}}, the
 *       others {@code join {peer}}, a peer being {@code {id, name, kind}}. The newcomer sends the offers.</li>
 *   <li>{@code offer|answer {to, sdp}}, {@code candidate {to, candidate}}: relayed to {@code to} with
 *       {@code from} added; {@code to} must be in the sender's room.</li>
 *   <li>{@code chat {text, to?}}: relayed to {@code to} or to the whole room, with {@code from} and
 *       {@code name} (for peers whose data channel is not open yet).</li>
 *   <li>{@code leave}: leave the room; the others get {@code leave {peer}}.</li>
 *   <li>{@code invite}: bring the JVM chat bot into the sender's room.</li>
 * </ul>
 * Errors are {@code error {code, message, ref?}}: {@code malformed}, {@code too-large}, {@code rate-limited},
 * {@code unknown-type}, {@code invalid}, {@code not-joined}, {@code already-joined}, {@code no-such-peer},
 * {@code room-full}, {@code too-many-rooms}.
 *
 * <p>Bounds: messages of {@link ServeConfig#maxMessageBytes()}, a token bucket of
 * {@link ServeConfig#messagesPerSecond()} per member, {@link ServeConfig#maxRoomSize()} members per room,
 * {@link ServeConfig#maxRooms()} rooms and {@link ServeConfig#maxMembers()} members. Thread-safe: one lock.
 */
public final class SignalingHub {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingHub.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Room ids: what the page generates (22 base64url characters), or any similar token of 6 to 64. */
    static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{6,64}");
    static final int MAX_NAME_CHARS = 64;
    static final int MAX_CHAT_CHARS = 4000;
    private static final List<String> TYPES = List.of("join", "offer", "answer", "candidate", "chat", "leave", "invite");

    private final ServeConfig config;
    private final Function<String, SignalingMember> botFactory;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private final Map<String, Entry> members = new HashMap<>();
    private final Map<String, Room> rooms = new HashMap<>();

    /**
     * @param botFactory makes the JVM chat bot with the id it is given ({@code invite}); it then speaks
     *                   through {@link #handle} like any member
     */
    public SignalingHub(ServeConfig config, Function<String, SignalingMember> botFactory) {
        this.config = Objects.requireNonNull(config, "config");
        this.botFactory = Objects.requireNonNull(botFactory, "botFactory");
    }

    private static final class Entry {
        final SignalingMember member;
        Room room;
        String name = "";
        double tokens;
        long refilledNanos;
        long rateErrorNanos;
        boolean rateErrorSent;

        Entry(SignalingMember member, double tokens) {
            this.member = member;
            this.tokens = tokens;
            this.refilledNanos = System.nanoTime();
        }
    }

    private static final class Room {
        final String id;
        final Map<String, Entry> members = new LinkedHashMap<>();

        Room(String id) {
            this.id = id;
        }
    }

    /**
     * Admits a new member, made by {@code create} from its new id.
     *
     * @throws IllegalStateException when {@link ServeConfig#maxMembers()} are connected
     */
    public SignalingMember connect(Function<String, SignalingMember> create) {
        synchronized (lock) {
            if (members.size() >= config.maxMembers()) {
                throw new IllegalStateException("too many connections (" + members.size() + ")");
            }
            String id;
            do {
                byte[] bytes = new byte[9];
                random.nextBytes(bytes);
                id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            } while (members.containsKey(id));
            SignalingMember member = create.apply(id);
            if (!member.id().equals(id)) {
                throw new IllegalArgumentException("the member must take the id it is given");
            }
            members.put(id, new Entry(member, 2.0 * config.messagesPerSecond()));
            return member;
        }
    }

    /** Removes a member (its connection ended or went silent); its room hears {@code leave}. Idempotent. */
    public void disconnect(SignalingMember member, String reason) {
        List<SignalingMember> orphanBots;
        synchronized (lock) {
            Entry e = members.remove(member.id());
            if (e == null) {
                return;
            }
            LOG.debug("{} disconnected: {}", member.id(), reason);
            orphanBots = leaveRoom(e);
        }
        for (SignalingMember bot : orphanBots) {
            bot.disconnect("no browser left in the room");
        }
    }

    /** Disconnects every member (the server stops). */
    public void closeAll(String reason) {
        List<SignalingMember> all;
        synchronized (lock) {
            all = members.values().stream().map(e -> e.member).toList();
            members.clear();
            rooms.clear();
        }
        for (SignalingMember m : all) {
            m.disconnect(reason);
        }
    }

    /** Whether the member is connected. */
    public boolean isConnected(SignalingMember member) {
        synchronized (lock) {
            return members.containsKey(member.id());
        }
    }

    /** The number of members in a room (0 when it does not exist). */
    public int roomSize(String roomId) {
        synchronized (lock) {
            Room r = rooms.get(roomId);
            return r == null ? 0 : r.members.size();
        }
    }

    /** The number of rooms. */
    public int roomCount() {
        synchronized (lock) {
            return rooms.size();
        }
    }

    /** The number of connected members. */
    public int memberCount() {
        synchronized (lock) {
            return members.size();
        }
    }

    /**
     * Handles one text message from a member: relays it, or answers an {@code error} and changes nothing.
     * Never throws for the message's content.
     */
    public void handle(SignalingMember from, String text) {
        List<SignalingMember> orphanBots = List.of();
        SignalingMember bot = null;
        synchronized (lock) {
            Entry e = members.get(from.id());
            if (e == null) {
                return;
            }
            if (!take(e)) {
                // One error a second at most, so that a flood is not answered by a flood.
                long now = System.nanoTime();
                if (!e.rateErrorSent || now - e.rateErrorNanos > 1_000_000_000L) {
                    e.rateErrorSent = true;
                    e.rateErrorNanos = now;
                    error(e, "rate-limited", "too many messages (expected at most " + config.messagesPerSecond()
                            + " a second); messages are dropped until the rate falls", null);
                }
                return;
            }
            if (text.length() > config.maxMessageBytes()
                    || text.getBytes(StandardCharsets.UTF_8).length > config.maxMessageBytes()) {
                error(e, "too-large", "message of " + text.getBytes(StandardCharsets.UTF_8).length
                        + " bytes (expected at most " + config.maxMessageBytes() + ")", null);
                return;
            }
            JsonNode msg;
            try {
                msg = JSON.readTree(text);
            } catch (JsonProcessingException ex) {
                error(e, "malformed", "malformed JSON: " + ex.getOriginalMessage(), null);
                return;
            }
            if (msg == null || !msg.isObject()) {
                error(e, "malformed", "expected a JSON object", null);
                return;
            }
            JsonNode type = msg.get("type");
            if (type == null || !type.isTextual()) {
                error(e, "malformed", "expected a string field \"type\"", null);
                return;
            }
            String t = type.asText();
            switch (t) {
                case "join" -> join(e, msg);
                case "offer", "answer" -> relayToPeer(e, msg, t, "sdp");
                case "candidate" -> relayToPeer(e, msg, t, "candidate");
                case "chat" -> chat(e, msg);
                case "leave" -> {
                    if (e.room == null) {
                        error(e, "not-joined", "leave before join", t);
                    } else {
                        orphanBots = leaveRoom(e);
                    }
                }
                case "invite" -> bot = invite(e);
                default -> error(e, "unknown-type", "unknown type \"" + abbreviate(t) + "\" (expected one of "
                        + String.join(", ", TYPES) + ")", null);
            }
        }
        for (SignalingMember b : orphanBots) {
            b.disconnect("no browser left in the room");
        }
        if (bot != null) {
            LOG.info("the JVM chat bot {} joined a room", bot.id());
        }
    }

    private boolean take(Entry e) {
        long now = System.nanoTime();
        double rate = config.messagesPerSecond();
        e.tokens = Math.min(2 * rate, e.tokens + (now - e.refilledNanos) / 1e9 * rate);
        e.refilledNanos = now;
        if (e.tokens < 1) {
            return false;
        }
        e.tokens -= 1;
        return true;
    }

    private void join(Entry e, JsonNode msg) {
        if (e.room != null) {
            error(e, "already-joined", "already in a room; send leave first", "join");
            return;
        }
        JsonNode room = msg.get("room");
        if (room == null || !room.isTextual() || !ROOM_ID.matcher(room.asText()).matches()) {
            error(e, "invalid", "join needs \"room\": 6 to 64 characters of A-Z a-z 0-9 _ -", "join");
            return;
        }
        JsonNode name = msg.get("name");
        if (name != null && !name.isNull() && (!name.isTextual() || name.asText().length() > MAX_NAME_CHARS)) {
            error(e, "invalid", "\"name\" must be a string of at most " + MAX_NAME_CHARS + " characters", "join");
            return;
        }
        Room r = rooms.get(room.asText());
        if (r == null && rooms.size() >= config.maxRooms()) {
            error(e, "too-many-rooms", "the server has " + rooms.size() + " rooms, its limit", "join");
            return;
        }
        if (r != null && r.members.size() >= config.maxRoomSize()) {
            error(e, "room-full", "the room is full (" + config.maxRoomSize() + " participants)", "join");
            return;
        }
        e.name = name == null || name.isNull() ? "" : name.asText();
        enter(e, r != null ? r : newRoom(room.asText()));
    }

    private Room newRoom(String id) {
        Room r = new Room(id);
        rooms.put(id, r);
        return r;
    }

    private void enter(Entry e, Room r) {
        ObjectNode peers = JSON.createObjectNode().put("type", "peers").put("you", e.member.id()).put("room", r.id);
        var list = peers.putArray("peers");
        ObjectNode joined = JSON.createObjectNode().put("type", "join");
        joined.set("peer", describe(e));
        String joinedText = joined.toString();
        for (Entry other : r.members.values()) {
            list.add(describe(other));
            other.member.deliver(joinedText);
        }
        r.members.put(e.member.id(), e);
        e.room = r;
        e.member.deliver(peers.toString());
    }

    private static ObjectNode describe(Entry e) {
        return JSON.createObjectNode().put("id", e.member.id()).put("name", e.name).put("kind", e.member.kind());
    }

    /** Takes the member out of its room; returns the bots left alone there, already removed, to disconnect. */
    private List<SignalingMember> leaveRoom(Entry e) {
        Room r = e.room;
        if (r == null) {
            return List.of();
        }
        r.members.remove(e.member.id());
        e.room = null;
        String left = JSON.createObjectNode().put("type", "leave").put("peer", e.member.id()).toString();
        for (Entry other : r.members.values()) {
            other.member.deliver(left);
        }
        List<SignalingMember> bots = new ArrayList<>();
        if (r.members.values().stream().allMatch(m -> "jvm".equals(m.member.kind()))) {
            for (Entry b : List.copyOf(r.members.values())) {
                bots.add(b.member);
                members.remove(b.member.id());
                r.members.remove(b.member.id());
                b.room = null;
            }
        }
        if (r.members.isEmpty()) {
            rooms.remove(r.id);
        }
        return bots;
    }

    private void relayToPeer(Entry e, JsonNode msg, String type, String field) {
        Entry to = peerInRoom(e, msg, type);
        if (to == null) {
            return;
        }
        JsonNode value = msg.get(field);
        boolean ok = "sdp".equals(field) ? value != null && value.isTextual() && !value.asText().isEmpty()
                : value != null && (value.isObject() || value.isNull());
        if (!ok) {
            error(e, "invalid", type + " needs \"" + field + "\" ("
                    + ("sdp".equals(field) ? "a non-empty string" : "an object, or null for the end of candidates") + ")", type);
            return;
        }
        ObjectNode out = JSON.createObjectNode().put("type", type).put("from", e.member.id());
        out.set(field, value);
        to.member.deliver(out.toString());
    }

    /** The member named by {@code to}, in the sender's room, or null after answering an error. */
    private Entry peerInRoom(Entry e, JsonNode msg, String type) {
        if (e.room == null) {
            error(e, "not-joined", type + " before join", type);
            return null;
        }
        JsonNode to = msg.get("to");
        if (to == null || !to.isTextual()) {
            error(e, "invalid", type + " needs \"to\": a peer id", type);
            return null;
        }
        Entry peer = e.room.members.get(to.asText());
        if (peer == null || peer == e) {
            error(e, "no-such-peer", "peer \"" + abbreviate(to.asText()) + "\" is not in this room", type);
            return null;
        }
        return peer;
    }

    private void chat(Entry e, JsonNode msg) {
        JsonNode text = msg.get("text");
        if (text == null || !text.isTextual() || text.asText().length() > MAX_CHAT_CHARS) {
            error(e, "invalid", "chat needs \"text\": a string of at most " + MAX_CHAT_CHARS + " characters", "chat");
            return;
        }
        Entry to = null;
        if (msg.hasNonNull("to")) {
            to = peerInRoom(e, msg, "chat");
            if (to == null) {
                return;
            }
        } else if (e.room == null) {
            error(e, "not-joined", "chat before join", "chat");
            return;
        }
        String out = JSON.createObjectNode().put("type", "chat").put("from", e.member.id()).put("name", e.name)
                .put("text", text.asText()).toString();
        if (to != null) {
            to.member.deliver(out);
        } else {
            for (Entry other : e.room.members.values()) {
                if (other != e) {
                    other.member.deliver(out);
                }
            }
        }
    }

    private SignalingMember invite(Entry e) {
        if (e.room == null) {
            error(e, "not-joined", "invite before join", "invite");
            return null;
        }
        if (e.room.members.size() >= config.maxRoomSize()) {
            error(e, "room-full", "the room is full (" + config.maxRoomSize() + " participants)", "invite");
            return null;
        }
        if (members.size() >= config.maxMembers()) {
            error(e, "invalid", "the server has too many connections to start a bot", "invite");
            return null;
        }
        SignalingMember bot = connect(botFactory);
        Entry b = members.get(bot.id());
        b.name = "rtc4j bot";
        enter(b, e.room);
        return bot;
    }

    private static void error(Entry e, String code, String message, String ref) {
        ObjectNode err = JSON.createObjectNode().put("type", "error").put("code", code).put("message", message);
        if (ref != null) {
            err.put("ref", ref);
        }
        LOG.debug("{}: error {}: {}", e.member.id(), code, message);
        e.member.deliver(err.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
