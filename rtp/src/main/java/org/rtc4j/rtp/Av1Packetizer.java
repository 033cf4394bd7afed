package org.rtc4j.rtp;

import java.util.Arrays;

/**
 * AV1 packetizer (the AOM "RTP Payload Format for AV1", v1.0.0, §4): takes a temporal unit in the
 * low-overhead bitstream format (AV1 specification §5.2: OBUs with size fields), drops temporal
 * delimiters and tile lists (§5), clears each OBU's size field and sends the OBUs as length-prefixed
 * OBU elements (W=0) after a one-byte aggregation header, fragmenting across packets (Z, Y) in payloads
 * of near-equal size. N is set on the first packet of a temporal unit that holds a sequence header
 * (a new coded video sequence). Buffer ownership as in {@link Packetizer}; the OBU table grows once
 * and is reused.
 */
public final class Av1Packetizer implements Packetizer {
    static final int OBU_SEQUENCE_HEADER = 1, OBU_TEMPORAL_DELIMITER = 2, OBU_TILE_LIST = 8;

    private final int maxPayload;
    private byte[] frame;
    private int[] headerByte = new int[16];
    private int[] extByte = new int[16];
    private int[] payloadOff = new int[16];
    private int[] payloadLen = new int[16];
    private int obus;
    private boolean newSequence;
    private int packetsLeft;
    private int element;
    private int elementPos;
    private boolean first;

    public Av1Packetizer() {
        this(DEFAULT_MAX_PAYLOAD);
    }

    public Av1Packetizer(int maxPayload) {
        if (maxPayload < 8) {
            throw new IllegalArgumentException("max payload " + maxPayload + " (expected: >= 8)");
        }
        this.maxPayload = maxPayload;
    }

    @Override
    public int maxPayload() {
        return maxPayload;
    }

    /** Reads an unsigned LEB128 value (AV1 §4.10.5); packs value &lt;&lt; 8 | bytes, or -1 when malformed. */
    static long leb128(byte[] b, int i, int end) {
        long value = 0;
        for (int n = 0; n < 8; n++) {
            if (i + n >= end) {
                return -1;
            }
            int v = b[i + n] & 0xFF;
            value |= (long) (v & 0x7F) << (7 * n);
            if ((v & 0x80) == 0) {
                return value > 0xFFFFFFFFL ? -1 : value << 8 | (n + 1);
            }
        }
        return -1;
    }

    static int lebSize(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static int writeLeb(byte[] out, int o, long v) {
        int n = 0;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            out[o + n++] = (byte) (v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return n;
    }

    @Override
    public void begin(byte[] frame, int off, int len) {
        Bytes.checkRange(frame, off, len);
        this.frame = frame;
        obus = 0;
        newSequence = false;
        int i = off;
        int end = off + len;
        long total = 0;
        while (i < end) {
            int h = frame[i] & 0xFF;
            if ((h & 0x80) != 0) {
                throw new IllegalArgumentException("OBU at " + (i - off) + " has its forbidden bit set");
            }
            int type = h >>> 3 & 0x0F;
            boolean ext = (h & 0x04) != 0;
            int p = i + 1 + (ext ? 1 : 0);
            if (p > end) {
                throw new IllegalArgumentException("OBU header at " + (i - off) + " runs past the temporal unit");
            }
            long size;
            if ((h & 0x02) != 0) {
                long leb = leb128(frame, p, end);
                if (leb < 0) {
                    throw new IllegalArgumentException("bad obu_size at " + (p - off));
                }
                p += (int) (leb & 0xFF);
                size = leb >>> 8;
                if (size > end - p) {
                    throw new IllegalArgumentException("OBU of " + size + " bytes runs past the temporal unit");
                }
            } else {
                size = end - p;
            }
            if (type != OBU_TEMPORAL_DELIMITER && type != OBU_TILE_LIST) {
                add(h & ~0x02, ext ? frame[i + 1] & 0xFF : -1, p, (int) size);
                newSequence |= type == OBU_SEQUENCE_HEADER;
                int elementLength = 1 + (ext ? 1 : 0) + (int) size;
                total += lebSize(elementLength) + elementLength;
            }
            i = p + (int) size;
        }
        if (obus == 0) {
            throw new IllegalArgumentException("a temporal unit without OBUs to send");
        }
        // each packet carries an aggregation header and, for its first piece, up to 2 more prefix bytes
        packetsLeft = (int) Math.max(1, (total + maxPayload - 4) / (maxPayload - 3));
        element = 0;
        elementPos = 0;
        first = true;
    }

    private void add(int h, int ext, int off, int len) {
        if (obus == headerByte.length) {
            headerByte = Arrays.copyOf(headerByte, obus * 2);
            extByte = Arrays.copyOf(extByte, obus * 2);
            payloadOff = Arrays.copyOf(payloadOff, obus * 2);
            payloadLen = Arrays.copyOf(payloadLen, obus * 2);
        }
        headerByte[obus] = h;
        extByte[obus] = ext;
        payloadOff[obus] = off;
        payloadLen[obus++] = len;
    }

    private int elementLength(int e) {
        return 1 + (extByte[e] >= 0 ? 1 : 0) + payloadLen[e];
    }

    /** Byte {@code k} of element {@code e} (its header bytes, then its payload). */
    private void copyElement(int e, int from, int n, byte[] out, int o) {
        int hl = extByte[e] >= 0 ? 2 : 1;
        int k = from;
        while (n > 0 && k < hl) {
            out[o++] = (byte) (k == 0 ? headerByte[e] : extByte[e]);
            k++;
            n--;
        }
        if (n > 0) {
            System.arraycopy(frame, payloadOff[e] + k - hl, out, o, n);
        }
    }

    @Override
    public boolean hasNext() {
        return element < obus;
    }

    @Override
    public int next(byte[] out, int o) {
        if (element >= obus) {
            throw new IllegalStateException("no payload left (expected: hasNext())");
        }
        boolean z = elementPos > 0;
        boolean y = false;
        int w = o + 1;
        long remaining = 0;
        for (int e = element; e < obus; e++) {
            int l = elementLength(e) - (e == element ? elementPos : 0);
            remaining += lebSize(l) + l;
        }
        remaining += 2L * (packetsLeft - 1); // the length prefixes of the pieces still to come
        int limit = o + (int) Math.min(maxPayload, 1 + (remaining + packetsLeft - 1) / packetsLeft);
        packetsLeft = Math.max(1, packetsLeft - 1);
        while (element < obus) {
            int rest = elementLength(element) - elementPos;
            int room = limit - w;
            int piece;
            if (lebSize(rest) + rest <= room) {
                piece = rest;
            } else {
                piece = room - lebSize(room);
                if (piece <= 0) {
                    break;
                }
            }
            w += writeLeb(out, w, piece);
            copyElement(element, elementPos, piece, out, w);
            w += piece;
            if (piece < rest) {
                elementPos += piece;
                y = true;
                break;
            }
            element++;
            elementPos = 0;
        }
        out[o] = (byte) ((z ? 0x80 : 0) | (y ? 0x40 : 0) | (first && newSequence ? 0x08 : 0));
        first = false;
        return w - o;
    }
}
