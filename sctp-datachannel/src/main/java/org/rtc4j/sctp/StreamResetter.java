package org.rtc4j.sctp;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stream reconfiguration (RFC 6525) as WebRTC uses it: resetting our outgoing streams when a data
 * channel closes (§5.1.2), and performing the peer's Outgoing SSN Reset Requests on our incoming
 * streams once every TSN before them has arrived (§5.2.2). Other requests are denied. One request of
 * ours is outstanding at a time; streams asked for meanwhile wait for the next.
 */
final class StreamResetter {
    private final ArrayDeque<SctpEvent> events;
    private final Set<Integer> waiting = new LinkedHashSet<>();
    private OutgoingResetRequest outstanding;
    private long nextRequestSeq;
    private long peerNextRequestSeq;
    private OutgoingResetRequest peerPending;
    private long lastResponseResult = -1;
    private final List<SctpParameter> toSend = new ArrayList<>();
    private boolean resendOutstanding;

    private final int maxStreamsPerRequest;

    /**
     * @param maxPacketSize our packet size: a request lists at most as many streams as fit one packet
     *                      beside a few responses
     */
    StreamResetter(ArrayDeque<SctpEvent> events, int maxPacketSize) {
        this.events = events;
        this.maxStreamsPerRequest = (maxPacketSize - SctpPacket.HEADER_LENGTH - 4 - 16 - 4 * 12) / 2;
    }

    /** Sequence numbers start at each side's initial TSN (RFC 6525 §5.1.1). */
    void reset(long localInitialTsn, long peerInitialTsn) {
        nextRequestSeq = localInitialTsn;
        peerNextRequestSeq = peerInitialTsn;
    }

    void request(int stream, SendQueue sendQueue) {
        sendQueue.markResetting(stream);
        waiting.add(stream);
    }

    boolean hasOutstanding() {
        return outstanding != null;
    }

    /**
     * Builds our next request when none is outstanding and some waiting streams have sent all their
     * data (their last TSN is assigned).
     *
     * @return whether a request is ready to send
     */
    boolean maybeStartRequest(SendQueue sendQueue, long lastAssignedTsn) {
        if (outstanding != null || waiting.isEmpty()) {
            return false;
        }
        List<Integer> ready = new ArrayList<>();
        for (int s : waiting) {
            if (!sendQueue.hasQueued(s) && ready.size() < maxStreamsPerRequest) {
                ready.add(s);
            }
        }
        if (ready.isEmpty()) {
            return false;
        }
        waiting.removeAll(ready);
        outstanding = new OutgoingResetRequest(nextRequestSeq, Tsn.add(peerNextRequestSeq, -1), lastAssignedTsn,
                ready.stream().mapToInt(Integer::intValue).toArray());
        nextRequestSeq = Tsn.add(nextRequestSeq, 1);
        resendOutstanding = true;
        return true;
    }

    /** The RECONFIG timer expired: send the outstanding request again. */
    void onTimeout() {
        if (outstanding != null) {
            resendOutstanding = true;
        }
    }

    /** The parameters for the next RE-CONFIG chunk, or an empty list; taking them clears them. */
    List<SctpParameter> takeParameters() {
        List<SctpParameter> params = new ArrayList<>(toSend);
        toSend.clear();
        if (resendOutstanding && outstanding != null) {
            params.add(outstanding.toParameter());
        }
        resendOutstanding = false;
        return params;
    }

    /** The length of the RE-CONFIG chunk {@link #takeParameters} would give, header included. */
    int pendingChunkLength() {
        int n = 4;
        for (SctpParameter p : toSend) {
            n += Bytes.padded(p.length());
        }
        if (resendOutstanding && outstanding != null) {
            n += Bytes.padded(16 + 2 * outstanding.streams().length);
        }
        return n;
    }

    boolean hasParametersToSend() {
        return !toSend.isEmpty() || (resendOutstanding && outstanding != null);
    }

    /**
     * Handles a RE-CONFIG chunk's parameters from the peer.
     *
     * @return whether our outstanding request completed (the timer may stop)
     */
    boolean onReconfig(List<SctpParameter> parameters, ReceiveBuffer receive, SendQueue sendQueue) throws SctpException {
        boolean completed = false;
        for (SctpParameter p : parameters) {
            switch (p.type()) {
                case SctpParameter.OUTGOING_SSN_RESET_REQUEST -> onPeerRequest(OutgoingResetRequest.decode(p), receive);
                case SctpParameter.RECONFIGURATION_RESPONSE -> completed |= onResponse(ReconfigResponse.decode(p), sendQueue);
                case SctpParameter.INCOMING_SSN_RESET_REQUEST, SctpParameter.SSN_TSN_RESET_REQUEST,
                        SctpParameter.ADD_OUTGOING_STREAMS_REQUEST, SctpParameter.ADD_INCOMING_STREAMS_REQUEST -> {
                    if (p.value().length >= 4) {
                        long seq = Bytes.u32(p.value(), 0);
                        if (seq == peerNextRequestSeq) {
                            peerNextRequestSeq = Tsn.add(peerNextRequestSeq, 1);
                        }
                        toSend.add(new ReconfigResponse(seq, ReconfigResponse.DENIED).toParameter());
                    }
                }
                default -> {
                    // Unknown parameters are skipped.
                }
            }
        }
        return completed;
    }

    /** Performs a request that waited for data (§5.2.2 "In progress") once the cumulative TSN reaches it. */
    void onCumulativeTsn(ReceiveBuffer receive) {
        if (peerPending != null && !Tsn.after(peerPending.lastAssignedTsn(), receive.cumulativeTsn())) {
            perform(peerPending, receive);
            toSend.add(new ReconfigResponse(peerPending.requestSeq(), ReconfigResponse.SUCCESS_PERFORMED).toParameter());
            if (peerPending.requestSeq() == Tsn.add(peerNextRequestSeq, -1)) {
                lastResponseResult = ReconfigResponse.SUCCESS_PERFORMED;
            }
            peerPending = null;
        }
    }

    private void onPeerRequest(OutgoingResetRequest request, ReceiveBuffer receive) {
        long seq = request.requestSeq();
        long result;
        if (seq == peerNextRequestSeq) {
            peerNextRequestSeq = Tsn.add(peerNextRequestSeq, 1);
            result = evaluate(request, receive);
        } else if (seq == Tsn.add(peerNextRequestSeq, -1)) {
            // A retransmission: answer again, performing it now if it was waiting for data.
            result = lastResponseResult == ReconfigResponse.IN_PROGRESS ? evaluate(request, receive) : lastResponseResult;
        } else {
            result = ReconfigResponse.ERROR_BAD_SEQUENCE_NUMBER;
        }
        if (result >= 0) {
            lastResponseResult = result;
            toSend.add(new ReconfigResponse(seq, result).toParameter());
        }
    }

    private long evaluate(OutgoingResetRequest request, ReceiveBuffer receive) {
        if (Tsn.after(request.lastAssignedTsn(), receive.cumulativeTsn())) {
            peerPending = request;
            return ReconfigResponse.IN_PROGRESS;
        }
        peerPending = null;
        perform(request, receive);
        return ReconfigResponse.SUCCESS_PERFORMED;
    }

    private void perform(OutgoingResetRequest request, ReceiveBuffer receive) {
        receive.resetStreams(request.streams());
        events.add(new SctpEvent.IncomingStreamsReset(request.streams().clone()));
    }

    private boolean onResponse(ReconfigResponse response, SendQueue sendQueue) {
        if (outstanding == null || response.responseSeq() != outstanding.requestSeq()) {
            return false;
        }
        long result = response.result();
        if (result == ReconfigResponse.IN_PROGRESS) {
            return false; // the timer sends it again
        }
        int[] streams = outstanding.streams();
        outstanding = null;
        resendOutstanding = false;
        for (int s : streams) {
            sendQueue.resetDone(s);
        }
        if (result == ReconfigResponse.SUCCESS_PERFORMED || result == ReconfigResponse.SUCCESS_NOTHING_TO_DO) {
            events.add(new SctpEvent.OutgoingStreamsReset(streams));
        } else {
            events.add(new SctpEvent.OutgoingStreamsReset(streams));
            org.slf4j.LoggerFactory.getLogger(StreamResetter.class)
                    .debug("peer answered stream reset {} with result {}", java.util.Arrays.toString(streams), result);
        }
        return true;
    }
}
