/**
 * The {@code rtc4j} command line and the drivers that put rtc4j's sans-IO layers on real sockets.
 *
 * <p>{@code rtc4j serve} (package {@code org.rtc4j.app.serve}): the call page, WebSocket signaling, the
 * JVM echo peer and chat bot; {@code rtc4j stun-server}, a STUN server (RFC 8489) on UDP, and
 * {@code rtc4j stun-client}, which asks a STUN server for this host's reflexive address. Later:
 * {@code call}, {@code loopback}.
 */
package org.rtc4j.app;
