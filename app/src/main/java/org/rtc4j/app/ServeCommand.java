package org.rtc4j.app;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rtc4j.app.serve.Rtc4jServer;
import org.rtc4j.app.serve.ServeConfig;
import org.rtc4j.pc.RTCIceServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rtc4j serve}: the signaling server, the call page and the JVM echo peer, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves a web page for peer-to-peer video calls in rooms, WebSocket signaling on /ws "
                + "and a JVM echo peer on POST /echo (WHIP-style); the page can invite a JVM chat bot.",
                "Open the printed address in a browser on this machine. Browsers give the camera only to "
                + "https pages and to localhost: for other machines, put an HTTPS proxy in front."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0: any free port)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--ice-server", paramLabel = "URL",
            description = {"a STUN or TURN server for the page and the JVM peers, repeatable:",
                    "stun:host:port, or turn:user:credential@host:port?transport=udp"})
    List<String> iceServers = new ArrayList<>();

    @Option(names = "--max-room-size", defaultValue = "6", description = "participants per room (default: ${DEFAULT-VALUE})")
    int maxRoomSize;

    @Option(names = "--max-echo-peers", defaultValue = "16", description = "concurrent /echo peers (default: ${DEFAULT-VALUE})")
    int maxEchoPeers;

    @Override
    public Integer call() throws Exception {
        List<RTCIceServer> servers = new ArrayList<>();
        for (String url : iceServers) {
            servers.add(parseIceServer(url));
        }
        ServeConfig config = ServeConfig.defaults().withHost(host).withPort(port).withIceServers(servers)
                .withMaxRoomSize(maxRoomSize).withMaxEchoPeers(maxEchoPeers);
        Rtc4jServer server = Rtc4jServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "rtc4j-serve-shutdown"));
        URI uri = server.uri();
        System.out.println("rtc4j serve: open " + uri + " in a browser (Ctrl-C stops)");
        System.out.println("  signaling: " + uri.resolve("/ws").toString().replaceFirst("^http", "ws")
                + "   echo peer: POST " + uri.resolve("/echo") + " (Content-Type: application/sdp)");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Parses {@code stun:host:port} or {@code turn:user:credential@host:port[?transport=...]} (also
     * {@code turns:}); the credentials are taken out of the URL.
     *
     * @throws IllegalArgumentException for another scheme, or a TURN URL without credentials
     */
    static RTCIceServer parseIceServer(String url) {
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon);
        String rest = url.substring(colon + 1);
        switch (scheme) {
            case "stun", "stuns" -> {
                return RTCIceServer.stun(url);
            }
            case "turn", "turns" -> {
                int at = rest.lastIndexOf('@');
                int sep = at < 0 ? -1 : rest.indexOf(':');
                if (at < 0 || sep < 0 || sep > at) {
                    throw new IllegalArgumentException("--ice-server " + url
                            + ": a TURN server needs credentials (expected: turn:user:credential@host:port)");
                }
                return RTCIceServer.turn(scheme + ":" + rest.substring(at + 1), rest.substring(0, sep), rest.substring(sep + 1, at));
            }
            default -> throw new IllegalArgumentException("--ice-server " + url + " (expected: stun:, stuns:, turn: or turns: URL)");
        }
    }
}
