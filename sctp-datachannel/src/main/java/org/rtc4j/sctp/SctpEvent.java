package org.rtc4j.sctp;

import java.util.Arrays;

/** What an {@link SctpAssociation} tells its user, drained with {@link SctpAssociation#pollEvent()}. */
public sealed interface SctpEvent {
    /** The association is established (RFC 9260 §5.1): messages flow. */
    record Connected() implements SctpEvent {
    }

    /**
     * A whole user message arrived.
     *
     * @param data the message, owned by the receiver of the event
     */
    record Message(int streamId, long ppid, boolean unordered, byte[] data) implements SctpEvent {
        @Override
        public String toString() {
            return "Message[stream=" + streamId + ", ppid=" + ppid + ", unordered=" + unordered + ", " + data.length
                    + " bytes]";
        }
    }

    /**
     * The peer reset its outgoing streams, our incoming ones (RFC 6525 §5.2.2): on a data channel this
     * is the peer closing it. Their sequence numbers start again at 0.
     */
    record IncomingStreamsReset(int[] streams) implements SctpEvent {
        @Override
        public String toString() {
            return "IncomingStreamsReset" + Arrays.toString(streams);
        }
    }

    /** The peer performed our reset of these outgoing streams ({@link SctpAssociation#resetStreams}). */
    record OutgoingStreamsReset(int[] streams) implements SctpEvent {
        @Override
        public String toString() {
            return "OutgoingStreamsReset" + Arrays.toString(streams);
        }
    }

    /** The bytes waiting on a stream fell to or below its threshold ({@link SctpAssociation#setBufferedAmountLowThreshold}). */
    record BufferedAmountLow(int streamId) implements SctpEvent {
    }

    /**
     * A message larger than our max-message-size arrived and was discarded; a data channel on this
     * stream should be closed (RFC 8831 §6.6).
     */
    record MessageTooLarge(int streamId, long size) implements SctpEvent {
    }

    /**
     * The association ended; nothing more is sent or received.
     *
     * @param reason why, for people
     */
    record Closed(CloseKind kind, String reason) implements SctpEvent {
    }

    /** How an association ended. */
    enum CloseKind {
        /** A graceful shutdown (RFC 9260 §9.2) completed, ours or the peer's. */
        SHUTDOWN,
        /** The peer sent ABORT. */
        ABORTED_BY_PEER,
        /** We aborted: {@link SctpAssociation#abort} or a protocol violation. */
        ABORTED,
        /** The peer stopped answering: setup, retransmissions or heartbeats ran out. */
        FAILED
    }
}
