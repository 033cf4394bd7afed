package org.rtc4j.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /ws} signaling against a real server on a free port: relaying within a room, and abuse
 * (malformed, oversized, unknown, misaddressed messages, a flood of joins, a full room, a peer that
 * vanishes without closing): each gets a clear error, and nothing else changes.
 */
@Timeout(60)
class SignalingServerTest {
    private static Rtc4jServer server;
    private static URI uri;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = Rtc4jServer.start(ServeConfig.defaults().withPort(0)
                .withHeartbeat(Duration.ofMillis(250), Duration.ofSeconds(2)));
        uri = server.uri();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String room(String name) {
        return name + "-" + Long.toHexString(System.nanoTime());
    }

    @Test
    void relaysOfferAnswerCandidateAndChatWithinARoom() throws Exception {
        String room = room("relay");
        try (WsClient a = WsClient.connect(http, uri); WsClient b = WsClient.connect(http, uri)) {
            JsonNode pa = a.join(room, "alice");
            assertThat(pa.path("peers")).isEmpty();
            JsonNode pb = b.join(room, "bob");
            String aId = pa.path("you").asText();
            String bId = pb.path("you").asText();
            assertThat(pb.path("peers").get(0).path("id").asText()).isEqualTo(aId);
            assertThat(pb.path("peers").get(0).path("name").asText()).isEqualTo("alice");
            assertThat(a.awaitType("join").path("peer").path("id").asText()).isEqualTo(bId);

            b.send("{\"type\":\"offer\",\"to\":\"" + aId + "\",\"sdp\":\"v=0\\r\\n\"}");
            JsonNode offer = a.awaitType("offer");
            assertThat(offer.path("from").asText()).isEqualTo(bId);
            assertThat(offer.path("sdp").asText()).isEqualTo("v=0\r\n");
            a.send("{\"type\":\"answer\",\"to\":\"" + bId + "\",\"sdp\":\"v=0\\r\\n\"}");
            assertThat(b.awaitType("answer").path("from").asText()).isEqualTo(aId);
            a.send("{\"type\":\"candidate\",\"to\":\"" + bId + "\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 192.0.2.1 9 typ host\",\"sdpMid\":\"0\"}}");
            assertThat(b.awaitType("candidate").path("candidate").path("sdpMid").asText()).isEqualTo("0");
            a.send("{\"type\":\"chat\",\"text\":\"hi\"}");
            JsonNode chat = b.awaitType("chat");
            assertThat(chat.path("text").asText()).isEqualTo("hi");
            assertThat(chat.path("name").asText()).isEqualTo("alice");

            a.send("{\"type\":\"leave\"}");
            assertThat(b.awaitType("leave").path("peer").asText()).isEqualTo(aId);
            assertThat(server.hub().roomSize(room)).isEqualTo(1);
        }
    }

    @Test
    void badMessagesGetAnErrorAndChangeNothing() throws Exception {
        String room = room("bad");
        String other = room("other");
        try (WsClient a = WsClient.connect(http, uri); WsClient b = WsClient.connect(http, uri);
             WsClient stranger = WsClient.connect(http, uri)) {
            String aId = a.join(room, "a").path("you").asText();
            b.join(room, "b");
            a.awaitType("join");
            String strangerId = stranger.join(other, "s").path("you").asText();

            a.send("this is not JSON");
            assertThat(a.awaitError().path("code").asText()).isEqualTo("malformed");
            a.send("[1, 2]");
            assertThat(a.awaitError().path("message").asText()).contains("JSON object");
            a.send("{\"type\": 5}");
            assertThat(a.awaitError().path("message").asText()).contains("\"type\"");
            a.send("{\"type\":\"teleport\"}");
            JsonNode unknown = a.awaitError();
            assertThat(unknown.path("code").asText()).isEqualTo("unknown-type");
            assertThat(unknown.path("message").asText()).contains("teleport").contains("join, offer");
            a.send("{\"type\":\"chat\",\"text\":\"" + "x".repeat(70_000) + "\"}");
            JsonNode big = a.awaitError();
            assertThat(big.path("code").asText()).isEqualTo("too-large");
            assertThat(big.path("message").asText()).contains("expected at most 65536");
            a.send("{\"type\":\"offer\",\"to\":\"" + strangerId + "\",\"sdp\":\"v=0\"}");
            JsonNode outside = a.awaitError();
            assertThat(outside.path("code").asText()).isEqualTo("no-such-peer");
            assertThat(outside.path("message").asText()).contains("not in this room");
            a.send("{\"type\":\"offer\",\"to\":\"" + aId + "\",\"sdp\":\"v=0\"}");
            assertThat(a.awaitError().path("code").asText()).isEqualTo("no-such-peer");
            a.send("{\"type\":\"offer\",\"to\":\"nobody\"}");
            assertThat(a.awaitError().path("code").asText()).isEqualTo("no-such-peer");
            a.send("{\"type\":\"join\",\"room\":\"" + other + "\"}");
            assertThat(a.awaitError().path("code").asText()).isEqualTo("already-joined");

            // Nothing reached the others, the rooms are as they were, and a good message still goes through.
            a.send("{\"type\":\"chat\",\"text\":\"still here\"}");
            assertThat(b.awaitType("chat").path("text").asText()).isEqualTo("still here");
            assertThat(b.seen()).extracting(m -> m.path("type").asText()).containsExactly("peers", "chat");
            assertThat(stranger.drain()).isEmpty();
            assertThat(server.hub().roomSize(room)).isEqualTo(2);
            assertThat(server.hub().roomSize(other)).isEqualTo(1);
        }
    }

    @Test
    void aBadJoinOrAMessageBeforeJoinIsRefused() throws Exception {
        try (WsClient a = WsClient.connect(http, uri)) {
            a.send("{\"type\":\"join\",\"room\":\"../etc\"}");
            assertThat(a.awaitError().path("message").asText()).contains("6 to 64 characters");
            a.send("{\"type\":\"chat\",\"text\":\"hello?\"}");
            assertThat(a.awaitError().path("code").asText()).isEqualTo("not-joined");
            a.send("{\"type\":\"offer\",\"to\":\"x\",\"sdp\":\"v=0\"}");
            assertThat(a.awaitError().path("code").asText()).isEqualTo("not-joined");
        }
    }

    @Test
    void aFloodOfJoinsFillsTheRoomAndLeavesOtherRoomsAlone() throws Exception {
        String room = room("flood");
        String quiet = room("quiet");
        List<WsClient> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (WsClient bystander = WsClient.connect(http, uri)) {
            bystander.join(quiet, "q");
            List<Future<JsonNode>> joins = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                WsClient c = WsClient.connect(http, uri);
                clients.add(c);
                joins.add(pool.submit(() -> c.join(room, "c")));
            }
            int admitted = 0;
            int full = 0;
            for (Future<JsonNode> f : joins) {
                JsonNode m = f.get();
                if (m.path("type").asText().equals("peers")) {
                    admitted++;
                } else {
                    assertThat(m.path("code").asText()).isEqualTo("room-full");
                    assertThat(m.path("message").asText()).contains("full").contains("6");
                    full++;
                }
            }
            assertThat(admitted).isEqualTo(6);
            assertThat(full).isEqualTo(18);
            assertThat(server.hub().roomSize(room)).isEqualTo(6);

            // One connection sending joins as fast as it can: refused, then rate-limited; the server carries on.
            WsClient flooder = clients.get(0);
            for (int i = 0; i < 300; i++) {
                flooder.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            }
            flooder.await(m -> m.path("code").asText().equals("rate-limited"));
            assertThat(bystander.drain()).isEmpty();
            assertThat(server.hub().roomSize(quiet)).isEqualTo(1);
            try (WsClient late = WsClient.connect(http, uri)) {
                assertThat(late.join(quiet, "late").path("peers")).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void aPeerThatVanishesIsRemovedByTheHeartbeat() throws Exception {
        String room = room("vanish");
        try (WsClient a = WsClient.connect(http, uri); Socket silent = new Socket(uri.getHost(), uri.getPort())) {
            a.join(room, "a");
            // A WebSocket client that joins, then never reads again, so never answers a ping.
            OutputStream out = silent.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            readHeaders(silent.getInputStream());
            out.write(maskedTextFrame("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"ghost\"}"));
            out.flush();
            String ghost = a.awaitType("join").path("peer").path("id").asText();
            assertThat(server.hub().roomSize(room)).isEqualTo(2);
            // A ping every 250 ms, 2 s of silence allowed: "leave" well within the 5 s wait.
            assertThat(a.awaitType("leave").path("peer").asText()).isEqualTo(ghost);
            assertThat(server.hub().roomSize(room)).isEqualTo(1);
        }
    }

    private static void readHeaders(InputStream in) throws Exception {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed the upgrade: " + headers);
            }
            headers.append((char) b);
        }
        assertThat(headers.toString()).startsWith("HTTP/1.1 101");
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        assertThat(payload.length).isLessThan(126);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
