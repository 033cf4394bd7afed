package org.rtc4j.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * A FORWARD-TSN chunk (RFC 3758 §3.2): the receiver is to treat every TSN up to
 * {@code newCumulativeTsn} as received, and skip the listed ordered messages of each stream.
 *
 * @param skipped for each ordered stream with abandoned messages, the largest SSN skipped
 */
public record ForwardTsnChunk(int flags, long newCumulativeTsn, List<StreamSequence> skipped) implements SctpChunk {
    /** A stream and the largest of its SSNs that the sender abandoned. */
    public record StreamSequence(int streamId, int ssn) {
    }

    public ForwardTsnChunk {
        skipped = List.copyOf(skipped);
    }

    static ForwardTsnChunk decode(int flags, byte[] b, int off, int len) throws SctpException {
        SctpChunk.requireLength(FORWARD_TSN, len, 4);
        if (len % 4 != 0) {
            throw new SctpException(SctpException.Reason.BAD_LENGTH,
                    "FORWARD_TSN value of " + len + " bytes (expected: 4 + 4 per stream)");
        }
        List<StreamSequence> streams = new ArrayList<>((len - 4) / 4);
        for (int p = off + 4; p + 4 <= off + len; p += 4) {
            streams.add(new StreamSequence(Bytes.u16(b, p), Bytes.u16(b, p + 2)));
        }
        return new ForwardTsnChunk(flags, Bytes.u32(b, off), streams);
    }

    @Override
    public int type() {
        return FORWARD_TSN;
    }

    @Override
    public int valueLength() {
        return 4 + 4 * skipped.size();
    }

    @Override
    public void writeValue(byte[] out, int off) {
        Bytes.put32(out, off, newCumulativeTsn);
        int p = off + 4;
        for (StreamSequence s : skipped) {
            Bytes.put16(out, p, s.streamId());
            Bytes.put16(out, p + 2, s.ssn());
            p += 4;
        }
    }
}
