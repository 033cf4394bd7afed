/**
 * The {@code rtc4j} command line and the drivers that put rtc4j's sans-IO layers on real sockets.
 *
 * <p>For now: {@code rtc4j stun-server}, a STUN server (RFC 8489) on UDP, and {@code rtc4j stun-client},
 * which asks a STUN server for this host's reflexive address. Later: {@code serve}, {@code call},
 * {@code loopback}.
 */
package org.rtc4j.app;
