/**
 * {@code rtc4j serve}: an HTTP and WebSocket server (Jetty 12) with a page for peer-to-peer video calls
 * in rooms, the JSON signaling between the page's peers ({@link org.rtc4j.app.serve.SignalingHub}), a
 * WHIP-style JVM echo peer on {@code POST /echo} (RFC 9725 conventions) and a JVM chat bot that joins a
 * room on invitation. Media flows browser to browser; the server relays signaling only.
 */
package org.rtc4j.app.serve;
