package org.rtc4j.datachannel;

/**
 * A channel's {@code readyState} (W3C {@code RTCDataChannelState}). {@link #toString()} gives the
 * spec's string.
 */
public enum DataChannelState {
    /** Not open yet: the association is not up, or a negotiated channel waits for it. */
    CONNECTING("connecting"),
    /** Messages flow both ways. */
    OPEN("open"),
    /** The closing procedure runs (RFC 8831 §6.7): queued messages are sent, then the streams reset. */
    CLOSING("closing"),
    /** Both directions of the stream are reset, or the association ended. */
    CLOSED("closed");

    private final String w3c;

    DataChannelState(String w3c) {
        this.w3c = w3c;
    }

    /** The W3C string: "connecting", "open", "closing" or "closed". */
    @Override
    public String toString() {
        return w3c;
    }
}
