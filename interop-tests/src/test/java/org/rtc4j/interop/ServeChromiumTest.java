package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.rtc4j.app.serve.Rtc4jServer;
import org.rtc4j.app.serve.ServeConfig;

/**
 * {@code rtc4j serve} with two headless Chromium instances (fake camera and microphone) as a new user
 * would use it: Alice creates a room on the page, Bob opens her link; each sees the other's video
 * playing and decoding, a chat message and a 1 MiB file cross intact, the JVM chat bot joins on
 * invitation and answers, a Chromium's offer to {@code POST /echo} gets its data-channel messages
 * back, Alice's mute and camera-off show on Bob's tile, and Alice's hang-up is seen by Bob. A screenshot of the call is kept in
 * {@code interop-tests/target/rtc4j-serve-call.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class ServeChromiumTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOT = Path.of("target", "rtc4j-serve-call.png");

    private Rtc4jServer server;
    private ChromiumBrowser alice;
    private ChromiumBrowser bob;
    private String aliceId;
    private String bobId;

    @BeforeAll
    void start() throws Exception {
        server = Rtc4jServer.start(ServeConfig.defaults().withPort(0));
        alice = ChromiumBrowser.start("--window-size=1280,900");
        bob = ChromiumBrowser.start("--window-size=1280,900");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (alice != null) {
                alice.close();
                assertThat(alice.processes()).isEmpty();
            }
            if (bob != null) {
                bob.close();
                assertThat(bob.processes()).isEmpty();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The page's {@code rtc4j.snapshot()}. */
    private static JsonNode snapshot(ChromiumBrowser b) throws Exception {
        return JSON.readTree(String.valueOf(b.driver().executeScript("return JSON.stringify(rtc4j.snapshot());")));
    }

    /** Polls the page's snapshot until the condition holds (every 100 ms, at most {@link #WAIT}). */
    private static JsonNode await(ChromiumBrowser b, String what, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode s = snapshot(b);
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; the page says: " + s
                        + "\nChromium log (end):\n" + b.logTail(30));
            }
            Thread.sleep(100);
            s = snapshot(b);
        }
        return s;
    }

    private static JsonNode peer(JsonNode snapshot, String id) {
        for (JsonNode p : snapshot.path("peers")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        return JSON.createObjectNode();
    }

    private static boolean playing(JsonNode snapshot, String id, long moreFramesThan) {
        JsonNode p = peer(snapshot, id);
        return p.path("connectionState").asText().equals("connected") && p.path("videoWidth").asInt() > 0
                && !p.path("paused").asBoolean(true) && p.path("stats").path("framesDecoded").asLong() > moreFramesThan;
    }

    @Test
    @Order(1)
    void twoBrowsersCallEachOtherThroughTheServer() throws Exception {
        ChromeDriver a = alice.driver();
        a.get(server.uri().toString());
        a.findElement(By.id("name")).sendKeys("Alice");
        a.findElement(By.id("create")).click();
        aliceId = await(alice, "room joined", s -> !s.path("me").isNull()).path("me").asText();
        String link = a.findElement(By.id("link")).getDomProperty("value");
        assertThat(link).startsWith(server.uri() + "?room=").matches(".*room=[A-Za-z0-9_-]{22}$");

        ChromeDriver b = bob.driver();
        b.get(link);
        b.findElement(By.id("name")).sendKeys("Bob");
        b.findElement(By.id("join")).click();
        bobId = await(bob, "room joined", s -> !s.path("me").isNull()).path("me").asText();

        // Each plays the other's video, and frames keep being decoded.
        JsonNode atAlice = await(alice, "Bob's video playing", s -> playing(s, bobId, 0));
        JsonNode atBob = await(bob, "Alice's video playing", s -> playing(s, aliceId, 0));
        long aliceFrames = peer(atAlice, bobId).path("stats").path("framesDecoded").asLong();
        long bobFrames = peer(atBob, aliceId).path("stats").path("framesDecoded").asLong();
        await(alice, "more frames from Bob", s -> playing(s, bobId, aliceFrames + 10));
        atBob = await(bob, "more frames from Alice", s -> playing(s, aliceId, bobFrames + 10));
        assertThat(peer(atBob, aliceId).path("stats").path("route").asText()).startsWith("direct");

        // Chat over the data channel.
        await(alice, "the data channel", s -> peer(s, bobId).path("channel").asText().equals("open"));
        a.findElement(By.id("chat-input")).sendKeys("Hello Bob, héllo ✓");
        a.findElement(By.cssSelector("#chat-form button")).click();
        await(bob, "Alice's chat message", s -> s.path("chat").findValuesAsText("text").contains("Hello Bob, héllo ✓"));

        // A 1 MiB file, with progress, intact (SHA-256 computed by the receiving page).
        a.executeScript("const n = 1 << 20, bytes = new Uint8Array(n);"
                + "for (let i = 0; i < n; i++) bytes[i] = (i * 31 + (i >> 8)) & 255;"
                + "sendFile(new File([bytes], 'one-mib.bin', { type: 'application/octet-stream' }));");
        byte[] expected = new byte[1 << 20];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 31 + (i >> 8));
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
        JsonNode files = await(bob, "the 1 MiB file", s -> s.path("files").size() > 0).path("files");
        assertThat(files.get(0).path("name").asText()).isEqualTo("one-mib.bin");
        assertThat(files.get(0).path("size").asLong()).isEqualTo(1 << 20);
        assertThat(files.get(0).path("sha256").asText()).isEqualTo(sha);
        assertThat(b.findElement(By.cssSelector("#transfers progress")).getDomProperty("value")).isEqualTo("1");

        // Let one more stats round draw the charts, then keep a picture of the call.
        await(alice, "the bitrate chart", s -> peer(s, bobId).path("chartPoints").asInt() >= 3);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(a.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    @Test
    @Order(2)
    void theInvitedJvmBotAnswersInTheRoom() throws Exception {
        ChromeDriver a = alice.driver();
        a.findElement(By.id("invite")).click();
        JsonNode s = await(alice, "the bot's data channel", x -> {
            for (JsonNode p : x.path("peers")) {
                if (p.path("kind").asText().equals("jvm") && p.path("channel").asText().equals("open")) {
                    return true;
                }
            }
            return false;
        });
        await(bob, "the bot at Bob's", x -> x.path("peers").size() == 2);
        assertThat(s.path("peers")).hasSize(2);
        a.findElement(By.id("chat-input")).sendKeys("hi bot");
        a.findElement(By.cssSelector("#chat-form button")).click();
        await(alice, "the bot's answer", x -> x.path("chat").findValuesAsText("text").stream()
                .anyMatch(t -> t.contains("you said \"hi bot\"")));
    }

    @Test
    @Order(3)
    void aChromiumOfferToEchoGetsItsMessagesBack() throws Exception {
        Object result = bob.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const pc = new RTCPeerConnection();
                  const dc = pc.createDataChannel('echo');
                  dc.binaryType = 'arraybuffer';
                  await pc.setLocalDescription();
                  await new Promise((r) => { if (pc.iceGatheringState === 'complete') r();
                    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); });
                  const res = await fetch('/echo', { method: 'POST', headers: { 'Content-Type': 'application/sdp' },
                    body: pc.localDescription.sdp });
                  const location = res.headers.get('Location');
                  const answer = await res.text();
                  if (res.status !== 201) return done({ status: res.status, body: answer });
                  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
                  const got = [];
                  const all = new Promise((r) => { dc.onmessage = (e) => { got.push(e.data); if (got.length === 2) r(); }; });
                  await new Promise((r) => { dc.onopen = r; });
                  dc.send('echo me');
                  dc.send(new Uint8Array([0, 1, 2, 250, 255]));
                  await all;
                  const del = await fetch(location, { method: 'DELETE' });
                  pc.close();
                  done({ status: res.status, location, candidates: (answer.match(/a=candidate:/g) || []).length,
                    text: got[0], binary: got[1] instanceof ArrayBuffer ? Array.from(new Uint8Array(got[1])) : String(got[1]),
                    deleted: del.status });
                })().catch((e) => done({ error: String(e) }));
                """);
        JsonNode r = JSON.valueToTree(result);
        assertThat(r.path("error").isMissingNode()).as("%s", r).isTrue();
        assertThat(r.path("status").asInt()).isEqualTo(201);
        assertThat(r.path("location").asText()).startsWith("/echo/");
        assertThat(r.path("candidates").asInt()).isPositive();
        assertThat(r.path("text").asText()).isEqualTo("echo me");
        assertThat(r.path("binary").toString()).isEqualTo("[0,1,2,250,255]");
        assertThat(r.path("deleted").asInt()).isEqualTo(200);
        assertThat(server.echo().size()).isZero();
    }

    @Test
    @Order(4)
    void muteAndCameraOffAreShownToTheOtherSide() throws Exception {
        ChromeDriver a = alice.driver();
        a.findElement(By.id("mute")).click();
        a.findElement(By.id("camera-off")).click();
        assertThat(a.findElement(By.id("mute")).getText()).isEqualTo("Unmute");
        assertThat((Boolean) a.executeScript("return rtc4j.local.getTracks().every((t) => !t.enabled);")).isTrue();
        await(bob, "Alice's muted camera-off badge", s -> peer(s, aliceId).path("flags").asText().equals("muted, camera off"));
        a.findElement(By.id("mute")).click();
        await(bob, "Alice unmuted", s -> peer(s, aliceId).path("flags").asText().equals("camera off"));
    }

    @Test
    @Order(5)
    void hangingUpIsSeenByTheOtherSide() throws Exception {
        alice.driver().findElement(By.id("hangup")).click();
        JsonNode s = await(bob, "Alice's leaving", x -> x.path("events").findValuesAsText("type").contains("peer-left"));
        assertThat(peer(s, aliceId).isEmpty()).isTrue();
        assertThat(alice.driver().findElement(By.id("ended")).isDisplayed()).isTrue();
    }
}
