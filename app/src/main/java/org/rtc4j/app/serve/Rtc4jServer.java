package org.rtc4j.app.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.rtc4j.pc.RTCConfiguration;
import org.rtc4j.pc.RTCIceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server of {@code rtc4j serve}, on Jetty 12 (core handlers, no servlets):
 * <ul>
 *   <li>{@code GET /}: the call page, and its {@code app.js} and {@code app.css}, from the jar;</li>
 *   <li>{@code GET /config.json}: the ICE servers and the room size for the page;</li>
 *   <li>{@code /ws}: WebSocket signaling ({@link SignalingHub}) with a heartbeat of WebSocket pings;</li>
 *   <li>{@code POST /echo} and {@code DELETE /echo/{id}}: the JVM echo peer ({@link EchoService}).</li>
 * </ul>
 *
 * <pre>
 * try (Rtc4jServer server = Rtc4jServer.start(ServeConfig.defaults().withPort(0))) {
 *     System.out.println("open " + server.uri());
 * }
 * </pre>
 */
public final class Rtc4jServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rtc4jServer.class);
    /** The largest offer {@code POST /echo} reads. */
    static final int MAX_OFFER_BYTES = 256 * 1024;
    private static final String WEB = "/org/rtc4j/app/web/";
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");

    private final ServeConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    private final SignalingHub hub;
    private final EchoService echo;
    private final ScheduledExecutorService timers;
    private final Set<WebSocketMember> sockets = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> resources = new HashMap<>();
    private final byte[] configJson;

    private Rtc4jServer(ServeConfig config) {
        this.config = config;
        RTCConfiguration rtc = RTCConfiguration.DEFAULT.withIceServers(config.iceServers());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtc4j-serve-timers");
            t.setDaemon(true);
            return t;
        });
        this.hub = new SignalingHub(config, id -> new ChatBot(id, hubRef(), rtc));
        this.echo = new EchoService(rtc, config.maxEchoPeers(), config.gatheringTimeout(), timers);
        for (String name : Set.copyOf(PAGES.values())) {
            resources.put(name, load(name));
        }
        this.configJson = pageConfig(config).getBytes(StandardCharsets.UTF_8);

        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("rtc4j-http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty, 1, 1);
        connector.setHost(config.host());
        connector.setPort(config.port());
        jetty.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, context, container -> {
            // Past our own limit the hub answers an error; past this one Jetty closes the connection (1009).
            container.setMaxTextMessageSize(Math.max(1 << 20, 4L * config.maxMessageBytes()));
            container.setMaxBinaryMessageSize(64 * 1024);
            container.setIdleTimeout(config.heartbeatTimeout().multipliedBy(2));
            container.setMaxOutgoingFrames(1024);
            container.addMapping("/ws", (request, response, callback) -> {
                try {
                    WebSocketMember m = (WebSocketMember) hub.connect(id -> new WebSocketMember(id, hub, sockets::remove));
                    sockets.add(m);
                    return m;
                } catch (IllegalStateException full) {
                    Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, full.getMessage());
                    return null;
                }
            });
        });
        ws.setHandler(new Routes());
        context.setHandler(ws);
        jetty.setHandler(context);
    }

    private SignalingHub hubRef() {
        return hub;
    }

    /** Starts a server; {@link #close()} stops it. */
    public static Rtc4jServer start(ServeConfig config) throws Exception {
        Rtc4jServer server = new Rtc4jServer(config);
        try {
            server.jetty.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        long millis = Math.max(10, config.heartbeat().toMillis());
        server.timers.scheduleWithFixedDelay(server::heartbeat, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("rtc4j serve listening on {}", server.uri());
        return server;
    }

    /** The address to open, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = config.host();
        if ("0.0.0.0".equals(host) || "::".equals(host) || host.isEmpty()) {
            host = "127.0.0.1";
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    /** The signaling hub (rooms and members). */
    public SignalingHub hub() {
        return hub;
    }

    /** The echo peers. */
    public EchoService echo() {
        return echo;
    }

    /** Pings every WebSocket and removes those silent for longer than the heartbeat timeout. */
    private void heartbeat() {
        long now = System.nanoTime();
        long limit = config.heartbeatTimeout().toNanos();
        for (WebSocketMember m : sockets) {
            if (now - m.lastHeardNanos() > limit) {
                LOG.info("{} silent for more than {} ms; removing it", m.id(), config.heartbeatTimeout().toMillis());
                sockets.remove(m);
                hub.disconnect(m, "heartbeat timeout");
                m.disconnect("heartbeat timeout");
            } else {
                m.ping();
            }
        }
    }

    private static String pageConfig(ServeConfig config) {
        ObjectNode root = SignalingHub.JSON.createObjectNode();
        ArrayNode servers = root.putArray("iceServers");
        for (RTCIceServer s : config.iceServers()) {
            ObjectNode o = servers.addObject();
            s.urls().forEach(o.putArray("urls")::add);
            if (s.username() != null) {
                o.put("username", s.username());
                o.put("credential", s.credential());
            }
        }
        root.put("maxRoomSize", config.maxRoomSize());
        root.put("maxMessageBytes", config.maxMessageBytes());
        return root.toString();
    }

    private static byte[] load(String name) {
        try (InputStream in = Rtc4jServer.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException(WEB + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain HTTP: the page, its configuration and the echo endpoint. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (path.equals("/echo")) {
                if (!method.equals("POST")) {
                    return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use POST with an SDP offer\n");
                }
                postEcho(request, response, callback);
                return true;
            }
            if (path.startsWith("/echo/")) {
                if (!method.equals("DELETE")) {
                    return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "use DELETE to close an echo peer\n");
                }
                boolean closed = echo.close(path.substring("/echo/".length()));
                return text(response, callback, closed ? HttpStatus.OK_200 : HttpStatus.NOT_FOUND_404,
                        closed ? "closed\n" : "no such echo peer\n");
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "method not allowed\n");
            }
            if (path.equals("/config.json")) {
                return send(response, callback, HttpStatus.OK_200, "application/json", configJson);
            }
            String page = PAGES.get(path);
            if (page == null) {
                return text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
            }
            String type = page.endsWith(".html") ? "text/html; charset=utf-8"
                    : page.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            return send(response, callback, HttpStatus.OK_200, type, resources.get(page));
        }

        private void postEcho(Request request, Response response, Callback callback) throws IOException {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            // Refusals before the body is read say Connection: close: the unread body makes the connection
            // unusable, and a client that reused it would find it closed under its next request.
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/sdp")) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                text(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "expected Content-Type: application/sdp\n");
                return;
            }
            long length = request.getLength();
            if (length > MAX_OFFER_BYTES) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "an offer is at most " + MAX_OFFER_BYTES + " bytes\n");
                return;
            }
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_OFFER_BYTES + 1);
            }
            if (body.length > MAX_OFFER_BYTES) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "an offer is at most " + MAX_OFFER_BYTES + " bytes\n");
                return;
            }
            String offer = new String(body, StandardCharsets.UTF_8);
            if (offer.isBlank()) {
                text(response, callback, HttpStatus.BAD_REQUEST_400, "the body must be an SDP offer; it is empty\n");
                return;
            }
            echo.answer(offer).whenComplete((result, failure) -> {
                if (failure != null) {
                    text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, failure + "\n");
                } else if (result instanceof EchoService.Result.Answered a) {
                    response.getHeaders().put(HttpHeader.LOCATION, "/echo/" + a.id());
                    send(response, callback, HttpStatus.CREATED_201, "application/sdp", a.sdp().getBytes(StandardCharsets.UTF_8));
                } else if (result instanceof EchoService.Result.BadOffer b) {
                    text(response, callback, HttpStatus.BAD_REQUEST_400, "bad offer: " + b.reason() + "\n");
                } else if (result instanceof EchoService.Result.Busy busy) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
                    text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                            "too many echo peers (" + busy.limit() + "); try again later\n");
                }
            });
        }

        private boolean text(Response response, Callback callback, int status, String body) {
            return send(response, callback, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }

        private boolean send(Response response, Callback callback, int status, String type, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }

    /** Stops the server, disconnects every member (bots included) and closes the echo peers. */
    @Override
    public void close() {
        timers.shutdownNow();
        hub.closeAll("the server stops");
        echo.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping Jetty failed", e);
        }
    }
}
