package org.rtc4j.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.pc.RTCIceServer;

/** The plain HTTP side: the page and its files from the jar, the page's configuration with the ICE servers, errors. */
@Timeout(30)
class PageRoutesTest {
    @Test
    void servesThePageItsFilesAndTheIceServers() throws Exception {
        ServeConfig config = ServeConfig.defaults().withPort(0).withIceServers(List.of(
                RTCIceServer.stun("stun:stun.example.org:3478"),
                RTCIceServer.turn("turn:turn.example.org:3478?transport=udp", "alice", "secret")));
        HttpClient http = HttpClient.newHttpClient();
        try (Rtc4jServer server = Rtc4jServer.start(config)) {
            HttpResponse<String> page = get(http, server, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"app.js\"></script>").doesNotContain("http://", "https://");
            assertThat(get(http, server, "/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(get(http, server, "/app.css").statusCode()).isEqualTo(200);

            JsonNode pageConfig = SignalingHub.JSON.readTree(get(http, server, "/config.json").body());
            assertThat(pageConfig.path("maxRoomSize").asInt()).isEqualTo(6);
            assertThat(pageConfig.path("iceServers").get(0).path("urls").get(0).asText()).isEqualTo("stun:stun.example.org:3478");
            assertThat(pageConfig.path("iceServers").get(1).path("username").asText()).isEqualTo("alice");
            assertThat(pageConfig.path("iceServers").get(1).path("credential").asText()).isEqualTo("secret");

            assertThat(get(http, server, "/../etc/passwd").statusCode()).isIn(400, 404);
            assertThat(get(http, server, "/nothing-here").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.uri()).POST(HttpRequest.BodyPublishers.ofString("x"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            HttpResponse<String> getEcho = get(http, server, "/echo");
            assertThat(getEcho.statusCode()).isEqualTo(405);
            assertThat(getEcho.body()).contains("POST");
        }
    }

    private static HttpResponse<String> get(HttpClient http, Rtc4jServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
