package org.rtc4j.sdp;

import java.util.Optional;

/**
 * The direction attributes {@code a=sendrecv}, {@code a=sendonly}, {@code a=recvonly} and
 * {@code a=inactive} (RFC 8866 §6.7), also the direction of an {@code a=extmap} (RFC 8285).
 * A media section without one is {@link #SENDRECV}, unless the session level says otherwise.
 */
public enum Direction {
    /** Sends and receives. */
    SENDRECV("sendrecv"),
    /** Only sends. */
    SENDONLY("sendonly"),
    /** Only receives. */
    RECVONLY("recvonly"),
    /** Neither sends nor receives. */
    INACTIVE("inactive");

    private final String sdpValue;

    Direction(String sdpValue) {
        this.sdpValue = sdpValue;
    }

    /** The attribute name, e.g. {@code sendrecv}. */
    public String sdpValue() {
        return sdpValue;
    }

    /** The direction seen from the other end: {@code sendonly} becomes {@code recvonly} and back. */
    public Direction reverse() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /** The property attribute line, e.g. {@code a=sendrecv}. */
    public SdpLine toLine() {
        return SdpLine.attribute(sdpValue, null);
    }

    /** The direction of this SDP name, if it is one. */
    public static Optional<Direction> of(String sdpValue) {
        for (Direction d : values()) {
            if (d.sdpValue.equals(sdpValue)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
