package org.rtc4j.datachannel;

import java.util.BitSet;

/**
 * The stream ids in use on one association, and the choice of a free one by DTLS role (RFC 8832 §6:
 * the DTLS client takes even ids, the server odd ones). An id counts as in use from a channel's
 * creation, ours or the peer's, until both directions of its stream are reset.
 */
final class StreamIdAllocator {
    private final BitSet used = new BitSet();
    private int parity;
    /** No id of our parity below this is free: where the search starts. */
    private int lowestMaybeFree;

    /** @param dtlsClient whether we are the DTLS client, so take even ids */
    StreamIdAllocator(boolean dtlsClient) {
        this.parity = dtlsClient ? 0 : 1;
        this.lowestMaybeFree = parity;
    }

    /** Sets our parity once the DTLS role is known (before any {@link #allocate}). */
    void setDtlsClient(boolean dtlsClient) {
        this.parity = dtlsClient ? 0 : 1;
        this.lowestMaybeFree = parity;
    }

    /** Whether {@code id} has our parity. */
    boolean isOurs(int id) {
        return (id & 1) == parity;
    }

    /**
     * Takes the lowest free id of our parity below {@code limit} (and at most
     * {@link DataChannelInit#MAX_ID}).
     *
     * @return the id, or -1 when all are in use
     */
    int allocate(int limit) {
        int max = Math.min(limit - 1, DataChannelInit.MAX_ID);
        for (int id = lowestMaybeFree; id <= max; id += 2) {
            if (!used.get(id)) {
                used.set(id);
                lowestMaybeFree = id + 2;
                return id;
            }
        }
        return -1;
    }

    /**
     * Takes a given id, of either parity (a negotiated channel, or one the peer opened).
     *
     * @return false when it is already in use
     */
    boolean reserve(int id) {
        if (used.get(id)) {
            return false;
        }
        used.set(id);
        return true;
    }

    /** Whether {@code id} is in use. */
    boolean inUse(int id) {
        return used.get(id);
    }

    /** Frees {@code id}. */
    void release(int id) {
        used.clear(id);
        if (isOurs(id) && id < lowestMaybeFree) {
            lowestMaybeFree = id;
        }
    }
}
