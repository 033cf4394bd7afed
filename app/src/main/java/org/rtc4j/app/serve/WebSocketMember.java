package org.rtc4j.app.serve;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser's {@code /ws} connection as a {@link SignalingMember}: text frames go to the
 * {@link SignalingHub}, the hub's messages go out as text frames. It remembers when it last heard
 * anything (a message or a pong) so that {@link Rtc4jServer}'s heartbeat can remove a vanished peer.
 */
public final class WebSocketMember implements Session.Listener.AutoDemanding, SignalingMember {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketMember.class);

    private final String id;
    private final SignalingHub hub;
    private final Consumer<WebSocketMember> onEnd;
    private volatile Session session;
    private volatile long lastHeardNanos = System.nanoTime();

    WebSocketMember(String id, SignalingHub hub, Consumer<WebSocketMember> onEnd) {
        this.id = id;
        this.hub = hub;
        this.onEnd = onEnd;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return "browser";
    }

    /** When this member was last heard from ({@link System#nanoTime()}). */
    long lastHeardNanos() {
        return lastHeardNanos;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        lastHeardNanos = System.nanoTime();
        LOG.debug("{}: open from {}", id, s.getRemoteSocketAddress());
    }

    @Override
    public void onWebSocketText(String text) {
        lastHeardNanos = System.nanoTime();
        hub.handle(this, text);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        lastHeardNanos = System.nanoTime();
        callback.succeed();
        // Through the hub so that the error has the usual shape (and the rate limit applies).
        hub.handle(this, "{\"type\":\"binary frame\"}");
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        lastHeardNanos = System.nanoTime();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        end("closed (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("{}: WebSocket error", id, cause);
        end("error: " + cause);
    }

    private void end(String reason) {
        hub.disconnect(this, reason);
        onEnd.accept(this);
    }

    /** Sends a WebSocket ping; a browser answers with a pong on its own. */
    void ping() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    @Override
    public void deliver(String json) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(json, Callback.from(() -> { }, failure -> {
                LOG.debug("{}: send failed", id, failure);
                s.close(StatusCode.SERVER_ERROR, "send failed", Callback.NOOP);
            }));
        }
    }

    @Override
    public void disconnect(String reason) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.POLICY_VIOLATION, reason, Callback.NOOP);
        }
    }

    @Override
    public String toString() {
        return "WebSocketMember[" + id + "]";
    }
}
