package org.rtc4j.rtp;

/**
 * A validated view of one RTP packet (RFC 3550 §5.1) in the caller's buffer: reads and changes its
 * fields in place and finds its header extensions (RFC 8285 §4) without copying or allocating.
 *
 * <p>Buffer ownership: {@link #wrap} keeps a reference to the caller's array and never copies it.
 * The array must not change underneath the view except through its setters; after the caller reuses
 * the array, the view must be wrapped again. A view is reusable (wrap it around the next packet) and
 * not thread-safe.
 *
 * <p>{@code wrap} checks the version, the CSRC list, the extension block's length and every element
 * in it (one-byte and two-byte forms, §4.2 and §4.3), and the padding count; any failure is an
 * {@link RtpException} with its {@link RtpException.Reason}, and the view is then empty.
 */
public final class RtpPacket {
    /** The fixed header's length. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** The "defined by profile" value of the one-byte header form (RFC 8285 §4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The "defined by profile" value of the two-byte form with its appbits cleared (RFC 8285 §4.3). */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int length;
    private int headerLength;
    private int extensionOffset = -1;
    private int extensionLength;
    private int paddingLength;

    /**
     * Views {@code len} bytes of {@code buf} at {@code off} as an RTP packet, after validating them.
     *
     * @param buf the packet's bytes, kept by reference (not copied)
     * @return this view
     * @throws RtpException when the bytes are not a valid RTP packet
     */
    public RtpPacket wrap(byte[] buf, int off, int len) throws RtpException {
        Bytes.checkRange(buf, off, len);
        this.buf = null;
        if (len < FIXED_HEADER_LENGTH) {
            throw new RtpException(RtpException.Reason.TRUNCATED, len + " bytes (expected: at least 12)");
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >>> 6 != 2) {
            throw new RtpException(RtpException.Reason.BAD_VERSION, "version " + (b0 >>> 6) + " (expected: 2)");
        }
        int header = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (header > len) {
            throw new RtpException(RtpException.Reason.TRUNCATED, (b0 & 0x0F) + " CSRCs in " + len + " bytes");
        }
        int extOff = -1;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            if (header + 4 > len) {
                throw new RtpException(RtpException.Reason.TRUNCATED, "no room for the extension header");
            }
            extLen = 4 * Bytes.u16(buf, off + header + 2);
            extOff = header + 4;
            if (extOff + extLen > len) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH,
                        "extension of " + extLen + " bytes runs past the packet (" + len + " bytes)");
            }
            checkElements(buf, off + extOff, extLen, Bytes.u16(buf, off + header));
            header = extOff + extLen;
        }
        int padding = 0;
        if ((b0 & 0x20) != 0) {
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0 || padding > len - header) {
                throw new RtpException(RtpException.Reason.BAD_PADDING,
                        "padding of " + padding + " (expected: 1 ~ " + (len - header) + ")");
            }
        }
        this.buf = buf;
        this.off = off;
        this.length = len;
        this.headerLength = header;
        this.extensionOffset = extOff;
        this.extensionLength = extLen;
        this.paddingLength = padding;
        return this;
    }

    private static void checkElements(byte[] b, int start, int len, int profile) throws RtpException {
        int end = start + len;
        if (profile == ONE_BYTE_PROFILE) {
            int i = start;
            while (i < end) {
                int h = b[i] & 0xFF;
                int id = h >>> 4;
                if (id == 0) {
                    i++;
                    continue;
                }
                if (id == 15) {
                    return;
                }
                int l = (h & 0x0F) + 1;
                if (i + 1 + l > end) {
                    throw new RtpException(RtpException.Reason.BAD_EXTENSION,
                            "one-byte element id " + id + " of " + l + " bytes overruns the block");
                }
                i += 1 + l;
            }
        } else if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            int i = start;
            while (i < end) {
                int id = b[i] & 0xFF;
                if (id == 0) {
                    i++;
                    continue;
                }
                if (i + 2 > end) {
                    throw new RtpException(RtpException.Reason.BAD_EXTENSION, "two-byte element id " + id + " without a length");
                }
                int l = b[i + 1] & 0xFF;
                if (i + 2 + l > end) {
                    throw new RtpException(RtpException.Reason.BAD_EXTENSION,
                            "two-byte element id " + id + " of " + l + " bytes overruns the block");
                }
                i += 2 + l;
            }
        }
        // Other profiles (RFC 3550 §5.3.1) are opaque: kept, never interpreted.
    }

    private void requireWrapped() {
        if (buf == null) {
            throw new IllegalStateException("no packet (expected: a successful wrap)");
        }
    }

    /** The array this view reads (the caller's, not a copy). */
    public byte[] buffer() {
        requireWrapped();
        return buf;
    }

    /** Where the packet starts in {@link #buffer()}. */
    public int offset() {
        return off;
    }

    /** The whole packet's length, padding included. */
    public int length() {
        return length;
    }

    public int version() {
        return (buf[off] & 0xFF) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0F;
    }

    /** The CSRC at {@code index} (0 ~ csrcCount-1), unsigned. */
    public long csrc(int index) {
        if (index < 0 || index >= csrcCount()) {
            throw new IndexOutOfBoundsException("csrc " + index + " (expected: 0 ~ " + (csrcCount() - 1) + ")");
        }
        return Bytes.u32(buf, off + 12 + 4 * index);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7F;
    }

    public int sequenceNumber() {
        return Bytes.u16(buf, off + 2);
    }

    /** The RTP timestamp, unsigned 32 bits. */
    public long timestamp() {
        return Bytes.u32(buf, off + 4);
    }

    /** The SSRC, unsigned 32 bits. */
    public long ssrc() {
        return Bytes.u32(buf, off + 8);
    }

    /** The length of everything before the payload: fixed header, CSRCs and the extension block. */
    public int headerLength() {
        return headerLength;
    }

    /** Where the payload starts in {@link #buffer()}. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** The payload's length, without padding. */
    public int payloadLength() {
        return length - headerLength - paddingLength;
    }

    /** The number of padding bytes at the end, the count byte included (0 without the P bit). */
    public int paddingLength() {
        return paddingLength;
    }

    /** The extension block's "defined by profile" field, or -1 without an extension. */
    public int extensionProfile() {
        return extensionOffset < 0 ? -1 : Bytes.u16(buf, off + extensionOffset - 4);
    }

    /** Where the extension block's elements start in {@link #buffer()}, or -1 without an extension. */
    public int extensionBlockOffset() {
        return extensionOffset < 0 ? -1 : off + extensionOffset;
    }

    /** The extension block's length in bytes (a multiple of 4), without its 4-byte header. */
    public int extensionBlockLength() {
        return extensionLength;
    }

    public void setMarker(boolean marker) {
        requireWrapped();
        buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
    }

    public void setPayloadType(int pt) {
        requireWrapped();
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type " + pt + " (expected: 0 ~ 127)");
        }
        buf[off + 1] = (byte) (buf[off + 1] & 0x80 | pt);
    }

    public void setSequenceNumber(int seq) {
        requireWrapped();
        Bytes.put16(buf, off + 2, seq);
    }

    public void setTimestamp(long timestamp) {
        requireWrapped();
        Bytes.put32(buf, off + 4, timestamp);
    }

    public void setSsrc(long ssrc) {
        requireWrapped();
        Bytes.put32(buf, off + 8, ssrc);
    }

    /**
     * Where the value of the extension element with local id {@code id} starts in {@link #buffer()},
     * or -1 when the packet has none (or its block is neither RFC 8285 form). Its length is
     * {@link #extensionLength(int)}.
     */
    public int extensionOffset(int id) {
        long found = find(id);
        return found < 0 ? -1 : (int) (found >>> 16);
    }

    /** The length of the extension element with local id {@code id}, or -1 when there is none. */
    public int extensionLength(int id) {
        long found = find(id);
        return found < 0 ? -1 : (int) (found & 0xFFFF);
    }

    /** Packs offset &lt;&lt; 16 | length of the first element with the id, or -1. */
    private long find(int id) {
        if (extensionOffset < 0 || id <= 0 || id > 255) {
            return -1;
        }
        int profile = Bytes.u16(buf, off + extensionOffset - 4);
        int i = off + extensionOffset;
        int end = i + extensionLength;
        if (profile == ONE_BYTE_PROFILE) {
            if (id > 14) {
                return -1;
            }
            while (i < end) {
                int h = buf[i] & 0xFF;
                int eid = h >>> 4;
                if (eid == 0) {
                    i++;
                    continue;
                }
                if (eid == 15) {
                    return -1;
                }
                int l = (h & 0x0F) + 1;
                if (eid == id) {
                    return (long) (i + 1) << 16 | l;
                }
                i += 1 + l;
            }
        } else if ((profile & 0xFFF0) == TWO_BYTE_PROFILE) {
            while (i < end) {
                int eid = buf[i] & 0xFF;
                if (eid == 0) {
                    i++;
                    continue;
                }
                int l = buf[i + 1] & 0xFF;
                if (eid == id) {
                    return (long) (i + 2) << 16 | l;
                }
                i += 2 + l;
            }
        }
        return -1;
    }

    /**
     * Calls {@code visitor} for each extension element in order, unknown ids included (padding bytes
     * are skipped). Allocates nothing.
     */
    public void forEachExtension(ExtensionVisitor visitor) {
        if (extensionOffset < 0) {
            return;
        }
        int profile = Bytes.u16(buf, off + extensionOffset - 4);
        int i = off + extensionOffset;
        int end = i + extensionLength;
        boolean one = profile == ONE_BYTE_PROFILE;
        if (!one && (profile & 0xFFF0) != TWO_BYTE_PROFILE) {
            return;
        }
        while (i < end) {
            int h = buf[i] & 0xFF;
            int id = one ? h >>> 4 : h;
            if (id == 0) {
                i++;
                continue;
            }
            if (one && id == 15) {
                return;
            }
            int l = one ? (h & 0x0F) + 1 : buf[i + 1] & 0xFF;
            int v = i + (one ? 1 : 2);
            visitor.element(id, buf, v, l);
            i = v + l;
        }
    }

    /** Receives the header extension elements of a packet, in place. */
    @FunctionalInterface
    public interface ExtensionVisitor {
        /** One element: its local id and its value at {@code buf[off, off+len)} (the packet's buffer). */
        void element(int id, byte[] buf, int off, int len);
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[empty]";
        }
        return "RtpPacket[pt=" + payloadType() + ", seq=" + sequenceNumber() + ", ts=" + timestamp() + ", ssrc="
                + ssrc() + (marker() ? ", marker" : "") + ", header=" + headerLength + ", payload=" + payloadLength()
                + (paddingLength > 0 ? ", padding=" + paddingLength : "") + "]";
    }
}
