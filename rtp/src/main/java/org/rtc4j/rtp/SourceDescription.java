package org.rtc4j.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An RTCP source description (RFC 3550 §6.5), PT 202: per source, a list of items (CNAME, NAME, ...).
 * Each chunk ends with at least one null octet and is padded to 32 bits.
 *
 * @param chunks up to 31 chunks
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    /** SDES item types (RFC 3550 §6.5.1 - §6.5.8). */
    public static final int CNAME = 1, NAME = 2, EMAIL = 3, PHONE = 4, LOC = 5, TOOL = 6, NOTE = 7, PRIV = 8;

    public SourceDescription {
        chunks = List.copyOf(chunks);
        Rtcp.checkCount("chunks", chunks.size(), 31);
    }

    /** One SDES with a single CNAME item. */
    public static SourceDescription cname(long ssrc, String cname) {
        return new SourceDescription(List.of(new Chunk(ssrc, List.of(new Item(CNAME, cname)))));
    }

    /** The items about one source. */
    public record Chunk(long ssrc, List<Item> items) {
        public Chunk {
            items = List.copyOf(items);
        }

        int length() {
            int n = 4;
            for (Item i : items) {
                n += 2 + i.value.length;
            }
            return Bytes.padded(n + 1);
        }
    }

    /** One item: its type (1 ~ 255) and value (0 ~ 255 bytes, UTF-8 text for the standard types). */
    public record Item(int type, byte[] value) {
        public Item {
            if (type < 1 || type > 255) {
                throw new IllegalArgumentException("item type " + type + " (expected: 1 ~ 255)");
            }
            if (value.length > 255) {
                throw new IllegalArgumentException("item of " + value.length + " bytes (expected: at most 255)");
            }
            value = value.clone();
        }

        public Item(int type, String text) {
            this(type, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value as UTF-8 text. */
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && i.type == type && java.util.Arrays.equals(i.value, value);
        }

        @Override
        public int hashCode() {
            return type * 31 + java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Item[" + type + "=" + text() + "]";
        }
    }

    @Override
    public int packetType() {
        return SDES;
    }

    @Override
    public int encodedLength() {
        int n = 4;
        for (Chunk c : chunks) {
            n += c.length();
        }
        return n;
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, chunks.size(), SDES, encodedLength() - 4);
        int i = off + 4;
        for (Chunk c : chunks) {
            int end = i + c.length();
            Bytes.put32(out, i, c.ssrc);
            i += 4;
            for (Item item : c.items) {
                out[i] = (byte) item.type;
                out[i + 1] = (byte) item.value.length;
                System.arraycopy(item.value, 0, out, i + 2, item.value.length);
                i += 2 + item.value.length;
            }
            while (i < end) {
                out[i++] = 0;
            }
        }
        return n;
    }

    static SourceDescription decode(byte[] b, int body, int len, int count) throws RtpException {
        int end = body + len;
        int i = body;
        List<Chunk> chunks = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            if (i + 4 > end) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "SDES chunk " + k + " past the packet");
            }
            long ssrc = Bytes.u32(b, i);
            int start = i;
            i += 4;
            List<Item> items = new ArrayList<>(1);
            while (true) {
                if (i >= end) {
                    throw new RtpException(RtpException.Reason.BAD_LENGTH, "SDES chunk " + k + " has no terminating null item");
                }
                int type = b[i] & 0xFF;
                if (type == 0) {
                    i++;
                    break;
                }
                if (i + 2 > end || i + 2 + (b[i + 1] & 0xFF) > end) {
                    throw new RtpException(RtpException.Reason.BAD_LENGTH, "SDES item of type " + type + " past the packet");
                }
                int l = b[i + 1] & 0xFF;
                items.add(new Item(type, java.util.Arrays.copyOfRange(b, i + 2, i + 2 + l)));
                i += 2 + l;
            }
            i = start + Bytes.padded(i - start);
            if (i > end) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "SDES chunk padding past the packet");
            }
            chunks.add(new Chunk(ssrc, items));
        }
        return new SourceDescription(chunks);
    }
}
