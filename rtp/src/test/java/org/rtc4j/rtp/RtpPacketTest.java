package org.rtc4j.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    /** RFC 3550 §5.1 layout: V=2, X=1, CC=0, M=1, PT=96, seq 0x698f, ts, SSRC; RFC 8285 §4.2 one-byte block. */
    static final byte[] ONE_BYTE = Hex.bytes("""
            90 e0 69 8f  d9 c2 93 da  1c 64 27 82
            be de 00 03  10 aa 21 bb  bb 00 00 33  cc cc cc cc
            01 02 03 04 05""");

    @Test
    void readsTheFixedHeaderAndOneByteExtensions() throws RtpException {
        RtpPacket p = new RtpPacket().wrap(ONE_BYTE, 0, ONE_BYTE.length);
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequenceNumber()).isEqualTo(0x698f);
        assertThat(p.timestamp()).isEqualTo(0xd9c293daL);
        assertThat(p.ssrc()).isEqualTo(0x1c642782L);
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(p.headerLength()).isEqualTo(28);
        assertThat(p.payloadLength()).isEqualTo(5);
        assertThat(p.extensionLength(1)).isEqualTo(1);
        assertThat(ONE_BYTE[p.extensionOffset(1)]).isEqualTo((byte) 0xaa);
        assertThat(p.extensionLength(2)).isEqualTo(2);
        // the two padding bytes between elements are skipped (RFC 8285 §4.2)
        assertThat(p.extensionLength(3)).isEqualTo(4);
        assertThat(Bytes.u32(ONE_BYTE, p.extensionOffset(3))).isEqualTo(0xccccccccL);
        assertThat(p.extensionOffset(4)).isEqualTo(-1);
        List<Integer> ids = new ArrayList<>();
        p.forEachExtension((id, b, o, l) -> ids.add(id));
        assertThat(ids).containsExactly(1, 2, 3);
    }

    @Test
    void twoByteFormAndZeroLengthElements() throws RtpException {
        byte[] b = Hex.bytes("""
                90 60 00 01  00 00 00 02  00 00 00 03
                10 00 00 02  01 00 ff 02  aa bb 00 00
                77""");
        RtpPacket p = new RtpPacket().wrap(b, 0, b.length);
        assertThat(p.extensionLength(1)).isZero();
        assertThat(p.extensionLength(255)).isEqualTo(2);
        assertThat(p.payloadLength()).isEqualTo(1);
    }

    @Test
    void writerRoundTripsByteForByte() throws RtpException {
        byte[] out = new byte[64];
        RtpWriter w = new RtpWriter();
        int n = w.begin(out, 3, 96, 0x698f, 0xd9c293daL, 0x1c642782L).marker(true)
                .extension(1, 0xaa, 1).extension(2, 0xbbbb, 2).extension(3, 0xccccccccL, 4)
                .payload(new byte[] {1, 2, 3, 4, 5}, 0, 5).finish();
        byte[] expected = Hex.bytes("""
                90 e0 69 8f  d9 c2 93 da  1c 64 27 82
                be de 00 03  10 aa 21 bb  bb 33 cc cc  cc cc 00 00
                01 02 03 04 05""");
        assertThat(Hex.hex(out, 3, n)).isEqualTo(Hex.hex(expected));
        RtpPacket p = new RtpPacket().wrap(out, 3, n);
        assertThat(Bytes.u32(out, p.extensionOffset(3))).isEqualTo(0xccccccccL);
    }

    @Test
    void writerSwitchesToTwoByteFormWhenAnElementNeedsIt() throws RtpException {
        byte[] out = new byte[128];
        int n = new RtpWriter().begin(out, 0, 111, 1, 2, 3).csrc(0x01020304L)
                .extension(1, 0x11, 1).extension(2, "mid0").extension(20, 0x1234, 2).extension(5, new byte[0], 0, 0)
                .payload(new byte[] {9}, 0, 1).padding(4).finish();
        RtpPacket p = new RtpPacket().wrap(out, 0, n);
        assertThat(p.extensionProfile()).isEqualTo(0x1000);
        assertThat(p.csrcCount()).isEqualTo(1);
        assertThat(p.csrc(0)).isEqualTo(0x01020304L);
        assertThat(out[p.extensionOffset(1)]).isEqualTo((byte) 0x11);
        assertThat(HeaderExtension.stringEquals(out, p.extensionOffset(2), p.extensionLength(2), "mid0")).isTrue();
        assertThat(Bytes.u16(out, p.extensionOffset(20))).isEqualTo(0x1234);
        assertThat(p.extensionLength(5)).isZero();
        assertThat(p.paddingLength()).isEqualTo(4);
        assertThat(p.payloadLength()).isEqualTo(1);
        assertThat(out[p.payloadOffset()]).isEqualTo((byte) 9);
    }

    @Test
    void settersChangeTheBufferInPlace() throws RtpException {
        byte[] b = ONE_BYTE.clone();
        RtpPacket p = new RtpPacket().wrap(b, 0, b.length);
        p.setSequenceNumber(7);
        p.setMarker(false);
        p.setPayloadType(97);
        p.setSsrc(0xfffffffeL);
        p.setTimestamp(5);
        RtpPacket q = new RtpPacket().wrap(b, 0, b.length);
        assertThat(q.sequenceNumber()).isEqualTo(7);
        assertThat(q.marker()).isFalse();
        assertThat(q.payloadType()).isEqualTo(97);
        assertThat(q.ssrc()).isEqualTo(0xfffffffeL);
        assertThat(q.timestamp()).isEqualTo(5);
        assertThat(Arrays.copyOfRange(b, 12, b.length)).isEqualTo(Arrays.copyOfRange(ONE_BYTE, 12, b.length));
    }

    @Test
    void malformedPacketsGetTypedErrors() {
        assertReason("80 60 00 01 00 00 00 02 00 00 00", RtpException.Reason.TRUNCATED);
        assertReason("40 60 00 01 00 00 00 02 00 00 00 03", RtpException.Reason.BAD_VERSION);
        assertReason("82 60 00 01 00 00 00 02 00 00 00 03 00 00 00 04", RtpException.Reason.TRUNCATED);
        assertReason("90 60 00 01 00 00 00 02 00 00 00 03 be de", RtpException.Reason.TRUNCATED);
        // a lying extension length
        assertReason("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 09 10 aa 00 00", RtpException.Reason.BAD_LENGTH);
        // an element that overruns its block
        assertReason("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 01 1f aa 00 00 00", RtpException.Reason.BAD_EXTENSION);
        assertReason("90 60 00 01 00 00 00 02 00 00 00 03 10 00 00 01 00 00 00 07", RtpException.Reason.BAD_EXTENSION);
        // padding of zero, and padding larger than the packet
        assertReason("a0 60 00 01 00 00 00 02 00 00 00 03 01 00", RtpException.Reason.BAD_PADDING);
        assertReason("a0 60 00 01 00 00 00 02 00 00 00 03 01 03", RtpException.Reason.BAD_PADDING);
        assertReason("a0 60 00 01 00 00 00 02 00 00 00 ff", RtpException.Reason.BAD_PADDING);
    }

    @Test
    void idFifteenEndsTheOneByteBlock() throws RtpException {
        byte[] b = Hex.bytes("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 02 10 aa f0 ff 20 bb 00 00");
        RtpPacket p = new RtpPacket().wrap(b, 0, b.length);
        assertThat(p.extensionLength(1)).isEqualTo(1);
        assertThat(p.extensionOffset(2)).isEqualTo(-1);
        assertThat(p.extensionOffset(0)).isEqualTo(-1);
        assertThat(p.extensionOffset(300)).isEqualTo(-1);
    }

    @Test
    void paddingExactlyFillingThePacketIsValid() throws RtpException {
        byte[] b = Hex.bytes("a0 60 00 01 00 00 00 02 00 00 00 03 00 00 03");
        RtpPacket p = new RtpPacket().wrap(b, 0, b.length);
        assertThat(p.payloadLength()).isZero();
    }

    @Test
    void parsingAndWritingAllocateNothing() throws RtpException {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] out = new byte[1300];
        byte[] payload = new byte[1150];
        RtpWriter w = new RtpWriter();
        RtpPacket p = new RtpPacket();
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 10_000; i++) {
                int n = w.begin(out, 0, 96, i, i * 3000L, 0x1234).marker(true)
                        .extension(1, "0").extension(3, 0xabcdef, 3).extension(5, i, 2)
                        .payload(payload, 0, payload.length).finish();
                p.wrap(out, 0, n);
                sum += p.extensionOffset(5) + p.sequenceNumber() + p.payloadLength();
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) {
                assertThat(allocated).isLessThan(1024);
            }
        }
        assertThat(sum).isPositive();
    }

    private static void assertReason(String hex, RtpException.Reason reason) {
        byte[] b = Hex.bytes(hex);
        assertThatThrownBy(() -> new RtpPacket().wrap(b, 0, b.length))
                .isInstanceOfSatisfying(RtpException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
