package org.rtc4j.app.serve;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.rtc4j.pc.RTCIceServer;

/**
 * The settings of {@link Rtc4jServer}; {@link #defaults()} are what {@code rtc4j serve} uses.
 *
 * @param host               the address to listen on
 * @param port               the TCP port (0: any free port)
 * @param iceServers         STUN/TURN servers handed to the page and to the JVM peers
 * @param maxRoomSize        participants per room (a mesh of browsers: 6 by default)
 * @param maxRooms           rooms at once
 * @param maxMembers         WebSocket connections and bots at once
 * @param maxMessageBytes    the largest signaling message answered with anything but an error
 * @param messagesPerSecond  the sustained message rate of one connection (bursts of twice that)
 * @param heartbeat          how often the server pings every WebSocket
 * @param heartbeatTimeout   how long a WebSocket may stay silent (no pong, no message) before it is removed
 * @param maxEchoPeers       concurrent {@code /echo} peers (past it: 503)
 * @param gatheringTimeout   how long {@code /echo} waits for its ICE candidates before answering
 */
public record ServeConfig(String host, int port, List<RTCIceServer> iceServers, int maxRoomSize, int maxRooms,
                          int maxMembers, int maxMessageBytes, int messagesPerSecond, Duration heartbeat,
                          Duration heartbeatTimeout, int maxEchoPeers, Duration gatheringTimeout) {
    public ServeConfig {
        Objects.requireNonNull(host, "host");
        iceServers = List.copyOf(iceServers);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " (expected: 0 ~ 65535)");
        }
        if (maxRoomSize < 2 || maxRooms < 1 || maxMembers < 2 || maxMessageBytes < 1024 || messagesPerSecond < 1
                || maxEchoPeers < 0) {
            throw new IllegalArgumentException("limits must be positive (rooms of at least 2, messages of at least 1 KiB)");
        }
    }

    /** 127.0.0.1:8080, no ICE servers, rooms of 6, 64 KiB messages, a ping every 10 s, 30 s to answer, 16 echo peers. */
    public static ServeConfig defaults() {
        return new ServeConfig("127.0.0.1", 8080, List.of(), 6, 1000, 5000, 64 * 1024, 50,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 16, Duration.ofSeconds(5));
    }

    public ServeConfig withHost(String h) {
        return new ServeConfig(h, port, iceServers, maxRoomSize, maxRooms, maxMembers, maxMessageBytes, messagesPerSecond,
                heartbeat, heartbeatTimeout, maxEchoPeers, gatheringTimeout);
    }

    public ServeConfig withPort(int p) {
        return new ServeConfig(host, p, iceServers, maxRoomSize, maxRooms, maxMembers, maxMessageBytes, messagesPerSecond,
                heartbeat, heartbeatTimeout, maxEchoPeers, gatheringTimeout);
    }

    public ServeConfig withIceServers(List<RTCIceServer> servers) {
        return new ServeConfig(host, port, servers, maxRoomSize, maxRooms, maxMembers, maxMessageBytes, messagesPerSecond,
                heartbeat, heartbeatTimeout, maxEchoPeers, gatheringTimeout);
    }

    public ServeConfig withMaxRoomSize(int n) {
        return new ServeConfig(host, port, iceServers, n, maxRooms, maxMembers, maxMessageBytes, messagesPerSecond,
                heartbeat, heartbeatTimeout, maxEchoPeers, gatheringTimeout);
    }

    public ServeConfig withHeartbeat(Duration interval, Duration timeout) {
        return new ServeConfig(host, port, iceServers, maxRoomSize, maxRooms, maxMembers, maxMessageBytes, messagesPerSecond,
                interval, timeout, maxEchoPeers, gatheringTimeout);
    }

    public ServeConfig withMaxEchoPeers(int n) {
        return new ServeConfig(host, port, iceServers, maxRoomSize, maxRooms, maxMembers, maxMessageBytes, messagesPerSecond,
                heartbeat, heartbeatTimeout, n, gatheringTimeout);
    }

    public ServeConfig withMessagesPerSecond(int n) {
        return new ServeConfig(host, port, iceServers, maxRoomSize, maxRooms, maxMembers, maxMessageBytes, n,
                heartbeat, heartbeatTimeout, maxEchoPeers, gatheringTimeout);
    }
}
