package org.rtc4j.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * A SACK chunk (RFC 9260 §3.3.4): the cumulative TSN ack, the receiver window, gap ack blocks
 * (offsets from the cumulative TSN) and duplicate TSNs. The association parses SACKs in place; this
 * record is the allocated model.
 *
 * @param cumulativeTsnAck the last TSN received in sequence
 * @param aRwnd the receiver window credit, in bytes
 * @param gapAckBlocks received TSN ranges above the cumulative ack, as offsets
 * @param duplicateTsns TSNs received more than once since the last SACK
 */
public record SackChunk(int flags, long cumulativeTsnAck, long aRwnd, List<GapAckBlock> gapAckBlocks,
                        List<Long> duplicateTsns) implements SctpChunk {
    static final int FIXED_LENGTH = 12;

    /**
     * TSNs {@code cumulativeTsnAck + start} to {@code cumulativeTsnAck + end}, inclusive, were received.
     *
     * @param start the first offset (1 ~ 65535)
     * @param end the last offset (start ~ 65535)
     */
    public record GapAckBlock(int start, int end) {
    }

    public SackChunk {
        gapAckBlocks = List.copyOf(gapAckBlocks);
        duplicateTsns = List.copyOf(duplicateTsns);
    }

    /**
     * Decodes a SACK value, which must hold exactly the gap blocks and duplicates it announces.
     *
     * @throws SctpException TRUNCATED below the 12-byte fixed part, BAD_LENGTH if the counts do not fill it
     */
    static SackChunk decode(int flags, byte[] b, int off, int len) throws SctpException {
        SctpChunk.requireLength(SACK, len, FIXED_LENGTH);
        int gaps = Bytes.u16(b, off + 8);
        int dups = Bytes.u16(b, off + 10);
        if (FIXED_LENGTH + 4 * (gaps + dups) != len) {
            // Fewer bytes cannot hold the counts; more would be lost on re-encoding.
            throw new SctpException(SctpException.Reason.BAD_LENGTH, "SACK value of " + len + " bytes announces " + gaps
                    + " gap blocks and " + dups + " duplicates (expected: " + (FIXED_LENGTH + 4 * (gaps + dups)) + " bytes)");
        }
        List<GapAckBlock> blocks = new ArrayList<>(gaps);
        int p = off + FIXED_LENGTH;
        for (int i = 0; i < gaps; i++, p += 4) {
            blocks.add(new GapAckBlock(Bytes.u16(b, p), Bytes.u16(b, p + 2)));
        }
        List<Long> duplicates = new ArrayList<>(dups);
        for (int i = 0; i < dups; i++, p += 4) {
            duplicates.add(Bytes.u32(b, p));
        }
        return new SackChunk(flags, Bytes.u32(b, off), Bytes.u32(b, off + 4), blocks, duplicates);
    }

    @Override
    public int type() {
        return SACK;
    }

    @Override
    public int valueLength() {
        return FIXED_LENGTH + 4 * (gapAckBlocks.size() + duplicateTsns.size());
    }

    @Override
    public void writeValue(byte[] out, int off) {
        Bytes.put32(out, off, cumulativeTsnAck);
        Bytes.put32(out, off + 4, aRwnd);
        Bytes.put16(out, off + 8, gapAckBlocks.size());
        Bytes.put16(out, off + 10, duplicateTsns.size());
        int p = off + FIXED_LENGTH;
        for (GapAckBlock block : gapAckBlocks) {
            Bytes.put16(out, p, block.start());
            Bytes.put16(out, p + 2, block.end());
            p += 4;
        }
        for (long tsn : duplicateTsns) {
            Bytes.put32(out, p, tsn);
            p += 4;
        }
    }
}
