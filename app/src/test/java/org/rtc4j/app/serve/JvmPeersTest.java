package org.rtc4j.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.datachannel.DataChannel;
import org.rtc4j.datachannel.DataChannelInit;
import org.rtc4j.datachannel.DataChannelMessage;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCIceCandidate;
import org.rtc4j.pc.RTCIceGatheringState;
import org.rtc4j.pc.RTCPeerConnection;
import org.rtc4j.pc.RTCSessionDescription;

/**
 * The server's JVM peers with an rtc4j {@link RTCPeerConnection} as the client: {@code POST /echo}
 * (201, Location, candidates in the answer, the echo, 503 past the limit, DELETE, 400 and 415), and
 * the chat bot that {@code invite} brings into a room.
 */
@Timeout(60)
class JvmPeersTest {
    private static Rtc4jServer server;
    private static URI uri;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = Rtc4jServer.start(ServeConfig.defaults().withPort(0).withMaxEchoPeers(1));
        uri = server.uri();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri.resolve("/echo")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String location) throws Exception {
        return http.send(HttpRequest.newBuilder(uri.resolve(location)).DELETE().timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An offer with one data channel and all of its candidates. */
    private static String offer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        pc.onIceGatheringStateChange(s -> {
            if (s == RTCIceGatheringState.COMPLETE) {
                gathered.complete(null);
            }
        });
        pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        gathered.get(5, TimeUnit.SECONDS);
        return pc.localDescription().orElseThrow().sdp();
    }

    @Test
    void echoAnswersEchoesBothKindsRefusesPastTheLimitAndCloses() throws Exception {
        try (RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            DataChannel channel = pc.createDataChannel("echo", DataChannelInit.DEFAULT);
            LinkedBlockingQueue<DataChannelMessage> echoed = new LinkedBlockingQueue<>();
            channel.onMessage(echoed::add);
            CompletableFuture<Void> open = new CompletableFuture<>();
            channel.onOpen(() -> open.complete(null));

            HttpResponse<String> created = post("application/sdp", offer(pc));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/sdp"));
            String location = created.headers().firstValue("Location").orElseThrow();
            assertThat(location).matches("/echo/[A-Za-z0-9_-]{20,}");
            assertThat(created.body()).contains("a=candidate:").contains("m=application");

            // One echo peer at most here: the next offer is refused until this one is deleted.
            try (RTCPeerConnection other = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
                other.createDataChannel("x", DataChannelInit.DEFAULT);
                HttpResponse<String> busy = post("application/sdp", offer(other));
                assertThat(busy.statusCode()).isEqualTo(503);
                assertThat(busy.body()).contains("too many echo peers");
            }

            pc.setRemoteDescription(RTCSessionDescription.answer(created.body())).get(5, TimeUnit.SECONDS);
            open.get(10, TimeUnit.SECONDS);
            channel.send("hello, echo");
            byte[] bytes = new byte[50_000];
            new Random(7).nextBytes(bytes);
            channel.send(bytes);
            assertThat(echoed.poll(5, TimeUnit.SECONDS)).isEqualTo(DataChannelMessage.ofText("hello, echo"));
            assertThat(echoed.poll(5, TimeUnit.SECONDS)).isEqualTo(DataChannelMessage.ofBinary(bytes));

            assertThat(delete(location).statusCode()).isEqualTo(200);
            assertThat(delete(location).statusCode()).isEqualTo(404);
            assertThat(server.echo().size()).isZero();
        }
    }

    @Test
    void badOffersAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> garbage = post("application/sdp", "v=0\r\nthis is not SDP\r\n");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).startsWith("bad offer:").contains("line 2");
        HttpResponse<String> json = post("application/json", "{}");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.body()).contains("application/sdp");
        HttpResponse<String> empty = post("application/sdp", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(server.echo().size()).isZero();
    }

    @Test
    void theInvitedBotAnswersChatAndAcknowledgesFiles() throws Exception {
        String room = "bot-" + Long.toHexString(System.nanoTime());
        try (WsClient ws = WsClient.connect(http, uri); RTCPeerConnection pc = new RTCPeerConnection(RTCConfiguration.DEFAULT)) {
            ws.join(room, "tester");
            ws.send("{\"type\":\"invite\"}");
            JsonNode joined = ws.awaitType("join");
            assertThat(joined.path("peer").path("kind").asText()).isEqualTo("jvm");
            String bot = joined.path("peer").path("id").asText();

            LinkedBlockingQueue<String> chat = new LinkedBlockingQueue<>();
            CompletableFuture<DataChannel> channel = new CompletableFuture<>();
            pc.onDataChannel(ch -> {
                ch.onMessage(m -> chat.add(m.text()));  // the raw JSON text: quotes in it are escaped
                ch.onOpen(() -> channel.complete(ch));
                if (ch.readyState().toString().equals("open")) {
                    channel.complete(ch);
                }
            });
            pc.onIceCandidate(c -> {
                String cand = c.isEndOfCandidates() ? "null" : SignalingHub.JSON.createObjectNode()
                        .put("candidate", c.candidate()).put("sdpMid", c.sdpMid()).put("sdpMLineIndex", 0).toString();
                ws.send("{\"type\":\"candidate\",\"to\":\"" + bot + "\",\"candidate\":" + cand + "}");
            });
            JsonNode offer = ws.awaitType("offer");
            assertThat(offer.path("from").asText()).isEqualTo(bot);
            pc.setRemoteDescription(RTCSessionDescription.offer(offer.path("sdp").asText())).get(5, TimeUnit.SECONDS);
            pc.setLocalDescription().get(5, TimeUnit.SECONDS);
            ws.send(SignalingHub.JSON.createObjectNode().put("type", "answer").put("to", bot)
                    .put("sdp", pc.localDescription().orElseThrow().sdp()).toString());
            // The bot trickles its candidates; feed them until the channel opens.
            Thread feeder = new Thread(() -> {
                try {
                    while (!channel.isDone()) {
                        JsonNode c = ws.awaitType("candidate").path("candidate");
                        if (c.isObject()) {
                            pc.addIceCandidate(new RTCIceCandidate(c.path("candidate").asText(), c.path("sdpMid").asText(), 0));
                        }
                    }
                } catch (InterruptedException | AssertionError e) {
                    // the channel opened, or the test fails below with its own message
                }
            });
            feeder.setDaemon(true);
            feeder.start();
            DataChannel ch = channel.get(15, TimeUnit.SECONDS);

            assertThat(await(chat, "Hello from the rtc4j JVM bot")).isNotNull();
            ch.send("{\"type\":\"chat\",\"text\":\"ping from the test\"}");
            assertThat(await(chat, "you said \\\"ping from the test\\\"")).isNotNull();
            byte[] file = new byte[100_000];
            new Random(3).nextBytes(file);
            ch.send("{\"type\":\"file\",\"id\":\"f1\",\"name\":\"random.bin\",\"size\":100000}");
            ch.send(java.util.Arrays.copyOfRange(file, 0, 60_000));
            ch.send(java.util.Arrays.copyOfRange(file, 60_000, 100_000));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
            assertThat(await(chat, "received random.bin, 100000 bytes, SHA-256 " + sha)).isNotNull();

            // The bot leaves with the last browser.
            int before = server.hub().memberCount();
            ws.send("{\"type\":\"leave\"}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.hub().roomSize(room) != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.hub().roomSize(room)).isZero();
            assertThat(server.hub().memberCount()).isEqualTo(before - 1);
        }
    }

    private static String await(LinkedBlockingQueue<String> messages, String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m != null) {
                seen.append(m).append('\n');
                if (m.contains(part)) {
                    return m;
                }
            }
        }
        throw new AssertionError("no message with " + part + " within 5 s; got:\n" + seen);
    }
}
