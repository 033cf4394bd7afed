package org.rtc4j.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A signaling client for tests: the JDK's WebSocket, every received message kept in order. */
final class WsClient implements AutoCloseable {
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private volatile boolean closedByServer;

    private WsClient(HttpClient http, URI server) {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(server.resolve("/ws").toString().replaceFirst("^http", "ws")), new Listener())
                .join();
    }

    static WsClient connect(HttpClient http, URI server) {
        return new WsClient(http, server);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(SignalingHub.JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new AssertionError("the server sent something that is not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closedByServer = true;
            return null;
        }
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    JsonNode join(String room, String name) throws InterruptedException {
        send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        return await(m -> m.path("type").asText().equals("peers") || m.path("type").asText().equals("error"));
    }

    /** The next message that matches, within 5 s; earlier ones are kept in {@link #seen()}. */
    JsonNode await(Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching message within 5 s; seen: " + seen);
            }
            seen.add(m);
            if (condition.test(m)) {
                return m;
            }
        }
    }

    JsonNode awaitType(String type) throws InterruptedException {
        return await(m -> m.path("type").asText().equals(type));
    }

    /** The next message, which must be an error: returned for its code and message. */
    JsonNode awaitError() throws InterruptedException {
        JsonNode m = await(x -> true);
        if (!m.path("type").asText().equals("error")) {
            throw new AssertionError("expected an error, got " + m);
        }
        return m;
    }

    /** Messages received and not yet awaited (the queue is drained into {@link #seen()}). */
    List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        inbox.drainTo(out);
        seen.addAll(out);
        return out;
    }

    List<JsonNode> seen() {
        return seen;
    }

    boolean closedByServer() {
        return closedByServer;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        socket.abort();
    }
}
