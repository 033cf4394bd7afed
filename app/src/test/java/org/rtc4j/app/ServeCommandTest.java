package org.rtc4j.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.pc.RTCIceServer;

/** {@code rtc4j serve} as the README runs it: a new process that prints the address to open, which serves the page. */
@Timeout(60)
class ServeCommandTest {
    private static final Pattern OPEN = Pattern.compile("open (http://\\S+) in a browser");

    @Test
    void servePrintsTheAddressToOpenAndServesThePage() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Rtc4jCommand.class.getName(),
                "serve", "--port", "0").redirectErrorStream(true).start();
        try {
            CompletableFuture<String> address = new CompletableFuture<>();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.append(line).append('\n');
                        }
                        Matcher m = OPEN.matcher(line);
                        if (m.find()) {
                            address.complete(m.group(1));
                        }
                    }
                } catch (java.io.IOException e) {
                    address.completeExceptionally(e);
                }
                address.completeExceptionally(new AssertionError("rtc4j serve ended without printing the address"));
            }, "serve-output");
            reader.setDaemon(true);
            reader.start();
            String uri;
            try {
                uri = address.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                synchronized (output) {
                    throw new AssertionError("no address printed; output:\n" + output, e);
                }
            }
            assertThat(uri).matches("http://127\\.0\\.0\\.1:\\d+/");
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>rtc4j call</title>");
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void iceServerUrlsCarryTurnCredentials() {
        assertThat(ServeCommand.parseIceServer("stun:stun.example.org:3478"))
                .isEqualTo(RTCIceServer.stun("stun:stun.example.org:3478"));
        RTCIceServer turn = ServeCommand.parseIceServer("turn:alice:s3cr:et@turn.example.org:3478?transport=udp");
        assertThat(turn.urls()).isEqualTo(List.of("turn:turn.example.org:3478?transport=udp"));
        assertThat(turn.username()).isEqualTo("alice");
        assertThat(turn.credential()).isEqualTo("s3cr:et");
        assertThatThrownBy(() -> ServeCommand.parseIceServer("turn:turn.example.org:3478"))
                .hasMessageContaining("needs credentials");
        assertThatThrownBy(() -> ServeCommand.parseIceServer("http://x")).hasMessageContaining("expected: stun:");
    }
}
