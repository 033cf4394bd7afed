package org.rtc4j.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An RTCP extended report (RFC 3611 §2), PT 207, with its report blocks: receiver reference time
 * (§4.4), DLRR (§4.5), and any other block kept as it came.
 *
 * @param ssrc the originator
 * @param blocks the report blocks
 */
public record ExtendedReport(long ssrc, List<Block> blocks) implements RtcpPacket {
    public ExtendedReport {
        blocks = List.copyOf(blocks);
    }

    /** An XR report block. */
    public sealed interface Block permits ReceiverReferenceTime, Dlrr, UnknownBlock {
        int length();

        void encode(byte[] out, int off);
    }

    /** RFC 3611 §4.4 (BT 4): the receiver's NTP time, so the sender can answer with a DLRR. */
    public record ReceiverReferenceTime(long ntpTimestamp) implements Block {
        public static final int BT = 4;

        @Override
        public int length() {
            return 12;
        }

        @Override
        public void encode(byte[] out, int off) {
            out[off] = BT;
            out[off + 1] = 0;
            Bytes.put16(out, off + 2, 2);
            Bytes.put64(out, off + 4, ntpTimestamp);
        }
    }

    /** RFC 3611 §4.5 (BT 5): per receiver, the last RRTR (LRR) and the delay since (DLRR, 1/65536 s). */
    public record Dlrr(List<SubBlock> subBlocks) implements Block {
        public static final int BT = 5;

        public Dlrr {
            subBlocks = List.copyOf(subBlocks);
        }

        /** One receiver's entry. */
        public record SubBlock(long ssrc, long lastRr, long delaySinceLastRr) {
        }

        @Override
        public int length() {
            return 4 + 12 * subBlocks.size();
        }

        @Override
        public void encode(byte[] out, int off) {
            out[off] = BT;
            out[off + 1] = 0;
            Bytes.put16(out, off + 2, 3 * subBlocks.size());
            int i = off + 4;
            for (SubBlock s : subBlocks) {
                Bytes.put32(out, i, s.ssrc);
                Bytes.put32(out, i + 4, s.lastRr);
                Bytes.put32(out, i + 8, s.delaySinceLastRr);
                i += 12;
            }
        }
    }

    /** Any other block type, kept as it came. */
    public record UnknownBlock(int blockType, int typeSpecific, byte[] content) implements Block {
        public UnknownBlock {
            if (content.length % 4 != 0) {
                throw new IllegalArgumentException("block content of " + content.length + " bytes (expected: a multiple of 4)");
            }
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public int length() {
            return 4 + content.length;
        }

        @Override
        public void encode(byte[] out, int off) {
            out[off] = (byte) blockType;
            out[off + 1] = (byte) typeSpecific;
            Bytes.put16(out, off + 2, content.length / 4);
            System.arraycopy(content, 0, out, off + 4, content.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownBlock u && u.blockType == blockType && u.typeSpecific == typeSpecific && Arrays.equals(u.content, content);
        }

        @Override
        public int hashCode() {
            return blockType * 31 + Arrays.hashCode(content);
        }
    }

    @Override
    public int packetType() {
        return XR;
    }

    @Override
    public int encodedLength() {
        int n = 8;
        for (Block b : blocks) {
            n += b.length();
        }
        return n;
    }

    @Override
    public int encode(byte[] out, int off) {
        int n = Rtcp.header(out, off, 0, XR, encodedLength() - 4);
        Bytes.put32(out, off + 4, ssrc);
        int i = off + 8;
        for (Block b : blocks) {
            b.encode(out, i);
            i += b.length();
        }
        return n;
    }

    static ExtendedReport decode(byte[] b, int body, int len) throws RtpException {
        if (len < 4) {
            throw new RtpException(RtpException.Reason.BAD_LENGTH, "XR of " + len + " bytes");
        }
        int end = body + len;
        int i = body + 4;
        List<Block> blocks = new ArrayList<>(2);
        while (i < end) {
            if (i + 4 > end) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "XR block header past the packet");
            }
            int bt = b[i] & 0xFF;
            int words = Bytes.u16(b, i + 2);
            int next = i + 4 + 4 * words;
            if (next > end) {
                throw new RtpException(RtpException.Reason.BAD_LENGTH, "XR block of " + words + " words past the packet");
            }
            if (bt == ReceiverReferenceTime.BT && words == 2 && b[i + 1] == 0) {
                blocks.add(new ReceiverReferenceTime(Bytes.u64(b, i + 4)));
            } else if (bt == Dlrr.BT && words % 3 == 0 && b[i + 1] == 0) {
                List<Dlrr.SubBlock> subs = new ArrayList<>(words / 3);
                for (int k = i + 4; k < next; k += 12) {
                    subs.add(new Dlrr.SubBlock(Bytes.u32(b, k), Bytes.u32(b, k + 4), Bytes.u32(b, k + 8)));
                }
                blocks.add(new Dlrr(subs));
            } else {
                blocks.add(new UnknownBlock(bt, b[i + 1] & 0xFF, Arrays.copyOfRange(b, i + 4, next)));
            }
            i = next;
        }
        return new ExtendedReport(Bytes.u32(b, body), blocks);
    }
}
