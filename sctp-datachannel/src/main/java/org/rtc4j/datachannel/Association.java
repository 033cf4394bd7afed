package org.rtc4j.datachannel;

import java.time.Instant;
import java.util.Optional;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SendOptions;

/**
 * What a {@link DataChannelTransport} uses of an SCTP association: the methods of
 * {@link SctpAssociation} with the same contracts. It exists so that the transport's logic can be
 * tested over an in-memory stand-in while the association is written; {@link #of} adapts the real one.
 */
interface Association {
    void connect(Instant now);

    void handleReceive(Instant now, byte[] buf, int off, int len);

    void handleTimeout(Instant now);

    void send(Instant now, int streamId, long ppid, byte[] data, int off, int len, SendOptions options);

    long bufferedAmount(int streamId);

    void setBufferedAmountLowThreshold(int streamId, long threshold);

    void resetStreams(Instant now, int... streamIds);

    void shutdown(Instant now);

    void abort(Instant now, String reason);

    int pollTransmit(byte[] out, int off);

    Optional<byte[]> pollTransmit();

    Optional<SctpEvent> pollEvent();

    Optional<Instant> pollTimeout();

    int outboundStreams();

    /** The real association behind this, if it is one. */
    default Optional<SctpAssociation> sctp() {
        return Optional.empty();
    }

    /** Adapts a real association. */
    static Association of(SctpAssociation a) {
        return new Association() {
            @Override
            public void connect(Instant now) {
                a.connect(now);
            }

            @Override
            public void handleReceive(Instant now, byte[] buf, int off, int len) {
                a.handleReceive(now, buf, off, len);
            }

            @Override
            public void handleTimeout(Instant now) {
                a.handleTimeout(now);
            }

            @Override
            public void send(Instant now, int streamId, long ppid, byte[] data, int off, int len, SendOptions options) {
                a.send(now, streamId, ppid, data, off, len, options);
            }

            @Override
            public long bufferedAmount(int streamId) {
                return a.bufferedAmount(streamId);
            }

            @Override
            public void setBufferedAmountLowThreshold(int streamId, long threshold) {
                a.setBufferedAmountLowThreshold(streamId, threshold);
            }

            @Override
            public void resetStreams(Instant now, int... streamIds) {
                a.resetStreams(now, streamIds);
            }

            @Override
            public void shutdown(Instant now) {
                a.shutdown(now);
            }

            @Override
            public void abort(Instant now, String reason) {
                a.abort(now, reason);
            }

            @Override
            public int pollTransmit(byte[] out, int off) {
                return a.pollTransmit(out, off);
            }

            @Override
            public Optional<byte[]> pollTransmit() {
                return a.pollTransmit();
            }

            @Override
            public Optional<SctpEvent> pollEvent() {
                return a.pollEvent();
            }

            @Override
            public Optional<Instant> pollTimeout() {
                return a.pollTimeout();
            }

            @Override
            public int outboundStreams() {
                return a.outboundStreams();
            }

            @Override
            public Optional<SctpAssociation> sctp() {
                return Optional.of(a);
            }
        };
    }
}
