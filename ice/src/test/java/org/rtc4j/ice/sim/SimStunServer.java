package org.rtc4j.ice.sim;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;
import org.rtc4j.stun.Datagram;
import org.rtc4j.stun.StunServer;
import org.rtc4j.stun.Transmit;

/**
 * A STUN server on one socket address of the simulation: {@link StunServer} adapted to {@link SimNode}.
 * Add it to a {@link Simulation} by its socket address ({@code sim.add(server, server.address())}) so that
 * datagrams to other ports of its host count as {@link DropReason#NO_LISTENER}.
 */
public final class SimStunServer implements SimNode {
    private final InetSocketAddress address;
    private final StunServer server;
    private long ignored;

    /** An open server (no authentication) on {@code address}. */
    public SimStunServer(InetSocketAddress address) {
        this(address, new StunServer("rtc4j SimStunServer"));
    }

    /** A given server core on {@code address}. */
    public SimStunServer(InetSocketAddress address, StunServer server) {
        this.address = address;
        this.server = server;
    }

    /** The socket address it listens on. */
    public InetSocketAddress address() {
        return address;
    }

    /** The server core, for its stats. */
    public StunServer server() {
        return server;
    }

    /** Datagrams that arrived on another socket address and were ignored. */
    public long ignored() {
        return ignored;
    }

    @Override
    public void handleReceive(Instant now, Datagram datagram) {
        if (!address.equals(datagram.destination())) {
            ignored++;
            return;
        }
        // The core answers from the datagram's destination, which is exactly our socket address.
        server.handleReceive(now, datagram);
    }

    @Override
    public void handleTimeout(Instant now) {
        // The server has no timers.
    }

    @Override
    public Optional<Transmit> pollTransmit() {
        return server.pollTransmit();
    }

    @Override
    public Optional<Instant> pollTimeout() {
        return server.pollTimeout();
    }

    @Override
    public String toString() {
        return "SimStunServer(" + address + ")";
    }
}
