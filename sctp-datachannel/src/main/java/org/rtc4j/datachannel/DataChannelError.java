package org.rtc4j.datachannel;

import java.util.Objects;

/**
 * Why a channel failed, what its {@code onError} handler receives (the W3C {@code RTCError} of an
 * {@code RTCErrorEvent}). The channel closes after it.
 *
 * @param detail the W3C {@code errorDetail}
 * @param message what happened, for people
 */
public record DataChannelError(Detail detail, String message) {
    public DataChannelError {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(message, "message");
    }

    /** The W3C {@code RTCErrorDetailType} values a data channel meets; {@link #toString()} gives the string. */
    public enum Detail {
        /** The channel itself failed: a message over our max-message-size, no stream id left, ... */
        DATA_CHANNEL_FAILURE("data-channel-failure"),
        /** The SCTP association failed or was aborted. */
        SCTP_FAILURE("sctp-failure");

        private final String w3c;

        Detail(String w3c) {
            this.w3c = w3c;
        }

        @Override
        public String toString() {
            return w3c;
        }
    }
}
