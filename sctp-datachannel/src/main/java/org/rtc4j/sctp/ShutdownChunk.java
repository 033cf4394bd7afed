package org.rtc4j.sctp;

/**
 * A SHUTDOWN chunk (RFC 9260 §3.3.8): the sender has no more data to send; it acknowledges up to
 * {@code cumulativeTsnAck}.
 */
public record ShutdownChunk(int flags, long cumulativeTsnAck) implements SctpChunk {
    static ShutdownChunk decode(int flags, byte[] b, int off, int len) throws SctpException {
        SctpChunk.requireLength(SHUTDOWN, len, 4);
        if (len != 4) {
            throw new SctpException(SctpException.Reason.BAD_LENGTH, "SHUTDOWN value of " + len + " bytes (expected: 4)");
        }
        return new ShutdownChunk(flags, Bytes.u32(b, off));
    }

    @Override
    public int type() {
        return SHUTDOWN;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void writeValue(byte[] out, int off) {
        Bytes.put32(out, off, cumulativeTsnAck);
    }
}
