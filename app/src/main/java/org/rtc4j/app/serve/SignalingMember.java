package org.rtc4j.app.serve;

/**
 * One participant of the signaling hub: a browser on a WebSocket or an in-process JVM peer (the chat
 * bot). The hub hands it JSON messages with {@link #deliver}; it sends with
 * {@link SignalingHub#handle(SignalingMember, String)}.
 */
public interface SignalingMember {
    /** The member's id, unique in the hub (assigned by the hub). */
    String id();

    /** {@code "browser"} or {@code "jvm"}: pages add no media tracks for a {@code jvm} peer. */
    String kind();

    /**
     * Delivers one JSON message to the member. Called with the hub's lock held: it must not block and
     * must not call back into the hub on the calling thread.
     */
    void deliver(String json);

    /** Ends the member's transport (the hub has already removed it), with a reason for logs and the peer. */
    void disconnect(String reason);
}
