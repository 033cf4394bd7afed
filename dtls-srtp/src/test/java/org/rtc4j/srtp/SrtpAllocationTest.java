package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The steady state of the AES-CM profiles allocates nothing: a protect and unprotect round trip of
 * a 1200-byte packet, measured with the thread's allocation counter after warm-up. The AEAD profiles
 * are measured and only bounded: the JCE needs a fresh GCM init per packet and allocates in it.
 */
class SrtpAllocationTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void steadyStateAllocation(SrtpProfile p) throws Exception {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] k = JitsiSrtpCrossCheckTest.key(p, 11);
        byte[] s = JitsiSrtpCrossCheckTest.salt(p, 11);
        SrtpSession tx = new SrtpSession(p, k, s);
        SrtpSession rx = new SrtpSession(p, k, s);
        byte[] plain = JitsiSrtpCrossCheckTest.rtp(0, 1200 - 24, new Random(1));
        byte[] buf = Arrays.copyOf(plain, plain.length + 32);
        int seq = 0;
        for (int i = 0; i < 20_000; i++) {
            seq = roundTrip(tx, rx, plain, buf, seq);
        }
        int packets = 20_000;
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < packets; i++) {
            seq = roundTrip(tx, rx, plain, buf, seq);
        }
        long perPacket = (mx.getThreadAllocatedBytes(tid) - before) / packets;
        System.out.println(p + ": " + perPacket + " bytes allocated per protect+unprotect");
        if (p.isAead()) {
            // SunJCE's GCM allocates inside init and doFinal (about 2.1 KB per round trip on JDK 17).
            assertThat(perPacket).isLessThan(4096);
        } else {
            assertThat(perPacket).isZero();
        }
    }

    private static int roundTrip(SrtpSession tx, SrtpSession rx, byte[] plain, byte[] buf, int seq) {
        System.arraycopy(plain, 0, buf, 0, plain.length);
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        int n = tx.protect(buf, 0, plain.length);
        int m = rx.unprotect(buf, 0, n);
        if (m != plain.length) {
            throw new AssertionError("round trip failed: " + m);
        }
        return (seq + 1) & 0xffff;
    }
}
