package org.rtc4j.rtp;

/**
 * Writes one RTP packet (RFC 3550 §5.1) into the caller's buffer, in order: the fixed header
 * ({@link #begin}), CSRCs, header extension elements, the payload and padding. Extension elements
 * use the one-byte form of RFC 8285 §4.2 while every id is 1 ~ 14 and every value 1 ~ 16 bytes, and
 * the block switches to the two-byte form (§4.3) as soon as an element needs it.
 *
 * <p>Buffer ownership: the writer writes into the array given to {@code begin} and keeps no
 * reference after {@link #finish}; bounds are the caller's (an {@link IndexOutOfBoundsException}
 * when the array is too small). Reusable and allocation-free; not thread-safe.
 */
public final class RtpWriter {
    private enum State { IDLE, CSRC, EXTENSIONS, PAYLOAD }

    private byte[] scratch = new byte[256];
    private byte[] buf;
    private int off;
    private int pos;
    private int extHeader = -1;
    private boolean twoByte;
    private boolean forceTwoByte;
    private State state = State.IDLE;

    /** Makes every following packet use the two-byte form (for example to test a peer), or not. */
    public RtpWriter twoByteExtensions(boolean force) {
        this.forceTwoByte = force;
        return this;
    }

    /**
     * Starts a packet at {@code out[off]} with version 2, no marker, no CSRCs, no extension.
     *
     * @param out the caller's buffer, written in place
     */
    public RtpWriter begin(byte[] out, int off, int payloadType, int sequenceNumber, long timestamp, long ssrc) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " (expected: 0 ~ 127)");
        }
        this.buf = out;
        this.off = off;
        out[off] = (byte) 0x80;
        out[off + 1] = (byte) payloadType;
        Bytes.put16(out, off + 2, sequenceNumber);
        Bytes.put32(out, off + 4, timestamp);
        Bytes.put32(out, off + 8, ssrc);
        pos = off + RtpPacket.FIXED_HEADER_LENGTH;
        extHeader = -1;
        twoByte = forceTwoByte;
        state = State.CSRC;
        return this;
    }

    public RtpWriter marker(boolean marker) {
        require(State.CSRC, State.PAYLOAD);
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
        return this;
    }

    /** Adds a CSRC; all CSRCs come before any extension element. */
    public RtpWriter csrc(long csrc) {
        if (state != State.CSRC) {
            throw new IllegalStateException("a CSRC after " + state + " (expected: right after begin)");
        }
        int cc = buf[off] & 0x0F;
        if (cc == 15) {
            throw new IllegalStateException("more than 15 CSRCs");
        }
        Bytes.put32(buf, pos, csrc);
        pos += 4;
        buf[off] = (byte) (buf[off] & 0xF0 | cc + 1);
        return this;
    }

    /** Adds an extension element with an unsigned big-endian value of {@code len} (1 ~ 8) bytes. */
    public RtpWriter extension(int id, long value, int len) {
        if (len < 1 || len > 8) {
            throw new IllegalArgumentException("length " + len + " (expected: 1 ~ 8)");
        }
        int v = startElement(id, len);
        for (int i = len - 1; i >= 0; i--) {
            buf[v + i] = (byte) value;
            value >>>= 8;
        }
        return this;
    }

    /** Adds an extension element whose value is {@code value[vOff, vOff+len)}, copied. */
    public RtpWriter extension(int id, byte[] value, int vOff, int len) {
        int v = startElement(id, len);
        System.arraycopy(value, vOff, buf, v, len);
        return this;
    }

    /** Adds an extension element with an ASCII string value (sdes:mid, rtp-stream-id); allocates nothing. */
    public RtpWriter extension(int id, CharSequence ascii) {
        int len = ascii.length();
        int v = startElement(id, len);
        for (int i = 0; i < len; i++) {
            buf[v + i] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** Reserves an element of {@code len} bytes and returns where its value goes in the buffer. */
    public int reserveExtension(int id, int len) {
        return startElement(id, len);
    }

    private int startElement(int id, int len) {
        if (state != State.CSRC && state != State.EXTENSIONS) {
            throw new IllegalStateException("an extension after " + state + " (expected: before the payload)");
        }
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id " + id + " (expected: 1 ~ 255)");
        }
        if (len < 0 || len > 255) {
            throw new IllegalArgumentException("extension length " + len + " (expected: 0 ~ 255)");
        }
        if (state == State.CSRC) {
            extHeader = pos;
            pos += 4;
            buf[off] |= 0x10;
            state = State.EXTENSIONS;
        }
        if (!twoByte && (id > 14 || len == 0 || len > 16)) {
            toTwoByte();
        }
        if (twoByte) {
            buf[pos] = (byte) id;
            buf[pos + 1] = (byte) len;
            pos += 2;
        } else {
            buf[pos] = (byte) (id << 4 | len - 1);
            pos += 1;
        }
        int v = pos;
        pos += len;
        return v;
    }

    /** Rewrites the one-byte elements written so far in the two-byte form. */
    private void toTwoByte() {
        int start = extHeader + 4;
        int n = pos - start;
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, 2 * scratch.length)];
        }
        System.arraycopy(buf, start, scratch, 0, n);
        int w = start;
        int i = 0;
        while (i < n) {
            int h = scratch[i] & 0xFF;
            int l = (h & 0x0F) + 1;
            buf[w] = (byte) (h >>> 4);
            buf[w + 1] = (byte) l;
            System.arraycopy(scratch, i + 1, buf, w + 2, l);
            w += 2 + l;
            i += 1 + l;
        }
        pos = w;
        twoByte = true;
    }

    private void closeHeader() {
        if (state == State.EXTENSIONS) {
            while (((pos - extHeader) & 3) != 0) {
                buf[pos++] = 0;
            }
            Bytes.put16(buf, extHeader, twoByte ? RtpPacket.TWO_BYTE_PROFILE : RtpPacket.ONE_BYTE_PROFILE);
            Bytes.put16(buf, extHeader + 2, (pos - extHeader - 4) / 4);
        }
        state = State.PAYLOAD;
    }

    /** Ends the header and copies the payload after it. */
    public RtpWriter payload(byte[] payload, int pOff, int len) {
        closeHeaderOnce();
        System.arraycopy(payload, pOff, buf, pos, len);
        pos += len;
        return this;
    }

    /**
     * Ends the header and returns where the payload starts; the caller writes {@code len} bytes there
     * and then calls {@link #payloadWritten(int)}.
     */
    public int payloadOffset() {
        closeHeaderOnce();
        return pos;
    }

    /** Accounts for {@code len} payload bytes the caller wrote at {@link #payloadOffset()}. */
    public RtpWriter payloadWritten(int len) {
        closeHeaderOnce();
        pos += len;
        return this;
    }

    private void closeHeaderOnce() {
        require(State.CSRC, State.PAYLOAD);
        if (state != State.PAYLOAD) {
            closeHeader();
        }
    }

    /** Appends {@code count} (1 ~ 255) padding bytes, the last one holding the count, and sets P. */
    public RtpWriter padding(int count) {
        if (count < 1 || count > 255) {
            throw new IllegalArgumentException("padding " + count + " (expected: 1 ~ 255)");
        }
        closeHeaderOnce();
        for (int i = 0; i < count - 1; i++) {
            buf[pos++] = 0;
        }
        buf[pos++] = (byte) count;
        buf[off] |= 0x20;
        state = State.IDLE;
        return this;
    }

    /** Ends the packet and returns its length. */
    public int finish() {
        if (state == State.CSRC || state == State.EXTENSIONS) {
            closeHeader();
        } else if (state == State.IDLE && buf == null) {
            throw new IllegalStateException("finish before begin");
        }
        state = State.IDLE;
        return pos - off;
    }

    private void require(State from, State to) {
        if (state.ordinal() < from.ordinal() || state.ordinal() > to.ordinal()) {
            throw new IllegalStateException("in state " + state + " (expected: between begin and finish)");
        }
    }
}
