/**
 * Test fixtures for deterministic simulated-network tests of the ICE agent and anything else that
 * speaks UDP through sans-IO layers.
 *
 * <ul>
 *   <li>{@link org.rtc4j.ice.sim.NetworkEmulator}: a seeded, sans-IO IP network with public hosts,
 *       NATs of the four classic RFC 4787 types, and per-host link conditions.</li>
 *   <li>{@link org.rtc4j.ice.sim.Simulation}: runs {@link org.rtc4j.ice.sim.SimNode}s and the network on
 *       virtual time, with a livelock guard.</li>
 *   <li>{@link org.rtc4j.ice.sim.SimStunServer} and {@link org.rtc4j.ice.sim.SimTurnServer}: a STUN
 *       server and a small TURN server (RFC 8656 over UDP) as nodes.</li>
 * </ul>
 *
 * <p>Nothing here reads a clock, sleeps, opens a socket or starts a thread; the same seed and inputs
 * give the same run, datagram for datagram.
 */
package org.rtc4j.ice.sim;
