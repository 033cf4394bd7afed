package org.rtc4j.datachannel;

import java.util.Objects;

/**
 * What a {@link DataChannelTransport} tells its owner, drained with
 * {@link DataChannelTransport#pollEvent()}. The transport never runs user code itself: the owner (the
 * peer connection's event loop) calls {@link #dispatch()} on each event, in order, which runs the
 * handler registered for it ({@code onDataChannel} on the transport, {@code onOpen},
 * {@code onMessage}, ... on the channel). Exceptions from a handler propagate out of
 * {@code dispatch}.
 */
public sealed interface DataChannelEvent {
    /** The channel the event is about. */
    DataChannel channel();

    /** Runs the handler registered for this event, if any. */
    void dispatch();

    /**
     * The peer opened a channel with DCEP (the W3C {@code datachannel} event); an {@link Open} for it
     * follows.
     */
    record ChannelOpened(DataChannel channel) implements DataChannelEvent {
        public ChannelOpened {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public void dispatch() {
            channel.transport().fireDataChannel(channel);
        }
    }

    /** The channel became "open". */
    record Open(DataChannel channel) implements DataChannelEvent {
        public Open {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public void dispatch() {
            channel.fireOpen();
        }
    }

    /** A message arrived; the application owns its bytes. */
    record Message(DataChannel channel, DataChannelMessage message) implements DataChannelEvent {
        public Message {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public void dispatch() {
            channel.fireMessage(message);
        }
    }

    /** The channel became "closing" because of the peer or an error (not after our own {@code close()}). */
    record Closing(DataChannel channel) implements DataChannelEvent {
        public Closing {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public void dispatch() {
            channel.fireClosing();
        }
    }

    /** The channel became "closed"; its id may be reused. */
    record Closed(DataChannel channel) implements DataChannelEvent {
        public Closed {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public void dispatch() {
            channel.fireClose();
        }
    }

    /** The channel failed; a {@link Closed} (after a {@link Closing} when it was open) follows. */
    record Error(DataChannel channel, DataChannelError error) implements DataChannelEvent {
        public Error {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public void dispatch() {
            channel.fireError(error);
        }
    }

    /** The channel's buffered amount fell to its {@code bufferedAmountLowThreshold} or below. */
    record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {
        public BufferedAmountLow {
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public void dispatch() {
            channel.fireBufferedAmountLow();
        }
    }
}
