package org.rtc4j.srtp;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP and SRTCP, rtc4j and jitsi-srtp side by side in one run, for every profile both implement,
 * on a 1200-byte RTP packet (12-byte header, 1188 bytes of payload) and a 100-byte RTCP compound
 * packet (a receiver report and padding words):
 * <ul>
 *   <li>{@code protect_*}, {@code protectRtcp_*}: copy the plain packet into the work buffer, then
 *       protect it with the next sequence number (RTP) or the next SRTCP index (RTCP).
 *   <li>{@code unprotect_*}, {@code unprotectRtcp_*}: copy one packet of a ring of {@value #RING}
 *       packets, protected during setup with consecutive indices, into the work buffer and unprotect
 *       it. One invocation walks the whole ring ({@code @OperationsPerInvocation}); before each walk,
 *       outside the measured time, the receiver forgets the stream ({@code SrtpSession.removeStream} for
 *       rtc4j, a fresh context from its factory for jitsi-srtp, which has no reset), because replay
 *       protection rejects a packet the second time. Both receivers get the same bytes (protected by
 *       rtc4j, which jitsi-srtp accepts: see the setup), and after each walk the tear-down checks that
 *       every packet was accepted, so a receiver that drops packets cannot look fast. The allocation
 *       of those per-walk stream states is counted in {@code -prof gc}, spread over the ring.
 *   <li>{@code bareJdkAesGcm*}: the practical limit for the GCM profiles, the bare JDK cipher encrypting
 *       the same payload in place with a fresh IV per packet and the header as AAD, no SRTP around it.
 *       For the CM profiles it runs too (AES-GCM of the same bytes), only as a reference point.
 * </ul>
 *
 * <p>rtc4j uses the JCE's default provider (SunJCE). jitsi-srtp picks the fastest of its cipher
 * factories at start-up unless {@link #jitsiFactory} pins one.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar SrtpBenchmark -prof gc -p
 * jitsiFactory=org.jitsi.srtp.crypto.Aes\$SunJCECipherFactory} (pure Java on both sides).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrtpBenchmark {
    static final int SSRC = 0x12345678;
    static final int PACKET = 1200;
    static final int RTCP_PACKET = 100;
    static final int RING = 1024;
    private static final int ROOM = 64;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpProfile profile;

    /**
     * jitsi-srtp's cipher factory. {@code auto} lets it benchmark its providers at start-up and take the
     * fastest, which can be its native OpenSSL provider where that library loads; a class name such as
     * {@code org.jitsi.srtp.crypto.Aes$SunJCECipherFactory} pins it, for a pure-Java comparison.
     */
    @Param({"auto"})
    public String jitsiFactory;

    byte[] key;
    byte[] salt;
    byte[] plain;
    byte[] plainRtcp;
    private final byte[] buf = new byte[PACKET + ROOM];
    private int seq;
    private SrtpSession rtc4jTx;
    private SrtpSession rtc4jTxRtcp;
    private SrtpCryptoContext jitsiTx;
    private SrtcpCryptoContext jitsiTxRtcp;
    private final JitsiBuffer jitsiBuf = new JitsiBuffer(PACKET + ROOM);

    /** The smallest {@link ByteArrayBuffer} jitsi-srtp needs, over one reused array. */
    static final class JitsiBuffer implements ByteArrayBuffer {
        final byte[] b;
        int off;
        int len;

        JitsiBuffer(int capacity) {
            b = new byte[capacity];
        }

        void set(byte[] src, int n) {
            System.arraycopy(src, 0, b, 0, n);
            off = 0;
            len = n;
        }

        @Override public byte[] getBuffer() { return b; }
        @Override public int getOffset() { return off; }
        @Override public int getLength() { return len; }
        @Override public void setLength(int l) { len = l; }
        @Override public void setOffset(int o) { off = o; }
        @Override public boolean isInvalid() { return false; }
        @Override public void readRegionToBuff(int o, int l, byte[] out) { System.arraycopy(b, off + o, out, 0, l); }
        @Override public void grow(int n) {
            if (b.length < off + len + n) {
                throw new IllegalStateException("benchmark buffer too small");
            }
        }
        @Override public void append(byte[] d, int l) {
            grow(l);
            System.arraycopy(d, 0, b, off + len, l);
            len += l;
        }
        @Override public void shrink(int l) { len = Math.max(0, len - l); }
    }

    static SrtpPolicy[] jitsiPolicies(SrtpProfile p) {
        if (p.isAead()) {
            SrtpPolicy gcm = new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, p.keyLength(), SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
            return new SrtpPolicy[] {gcm, gcm};
        }
        return new SrtpPolicy[] {
            new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, p.rtpTagLength(), 14),
            new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, p.rtcpTagLength(), 14)};
    }

    SrtpContextFactory jitsiFactory(boolean sender) {
        LoggerImpl log = new LoggerImpl("jitsi-srtp");
        log.setLevelWarn();
        SrtpPolicy[] pol = jitsiPolicies(profile);
        return new SrtpContextFactory(sender, key, salt, pol[0], pol[1], log);
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!"auto".equals(jitsiFactory)) {
            org.jitsi.srtp.crypto.Aes.setFactoryClassName(jitsiFactory);
        }
        Random rnd = new Random(42);
        key = new byte[profile.keyLength()];
        salt = new byte[profile.saltLength()];
        rnd.nextBytes(key);
        rnd.nextBytes(salt);
        plain = new byte[PACKET];
        rnd.nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 96;
        putInt(plain, 8, SSRC);
        plainRtcp = new byte[RTCP_PACKET];
        rnd.nextBytes(plainRtcp);
        plainRtcp[0] = (byte) 0x81; // V=2, one report block
        plainRtcp[1] = (byte) 201; // RR
        plainRtcp[2] = 0;
        plainRtcp[3] = 7; // 32 bytes
        putInt(plainRtcp, 4, SSRC);
        plainRtcp[32] = (byte) 0x80; // then an APP-like filler packet up to 100 bytes
        plainRtcp[33] = (byte) 204;
        plainRtcp[34] = 0;
        plainRtcp[35] = (byte) ((RTCP_PACKET - 32) / 4 - 1);
        rtc4jTx = new SrtpSession(profile, key, salt);
        rtc4jTxRtcp = new SrtpSession(profile, key, salt);
        jitsiTx = jitsiFactory(true).deriveContext(SSRC, 0);
        jitsiTxRtcp = jitsiFactory(true).deriveControlContext(SSRC);
        crossCheck();
    }

    /** rtc4j -> jitsi-srtp and jitsi-srtp -> rtc4j, RTP and RTCP, on contexts the measurement does not use. */
    private void crossCheck() throws Exception {
        SrtpSession tx = new SrtpSession(profile, key, salt);
        SrtpSession rx = new SrtpSession(profile, key, salt);
        SrtpCryptoContext jRx = jitsiFactory(false).deriveContext(SSRC, 0);
        SrtpCryptoContext jTx = jitsiFactory(true).deriveContext(SSRC, 0);
        SrtcpCryptoContext jRxC = jitsiFactory(false).deriveControlContext(SSRC);
        SrtcpCryptoContext jTxC = jitsiFactory(true).deriveControlContext(SSRC);
        JitsiBuffer j = new JitsiBuffer(PACKET + ROOM);
        for (int s = 0; s < 3; s++) {
            byte[] a = Arrays.copyOf(plain, PACKET + ROOM);
            a[3] = (byte) s;
            j.set(a, tx.protect(a, 0, PACKET));
            check(jRx.reverseTransformPacket(j, false) == SrtpErrorStatus.OK && j.len == PACKET, "jitsi-srtp rejects rtc4j's SRTP");
            j.set(plain, PACKET);
            j.b[3] = (byte) s;
            check(jTx.transformPacket(j) == SrtpErrorStatus.OK && rx.unprotect(j.b, 0, j.len) == PACKET, "rtc4j rejects jitsi-srtp's SRTP");

            a = Arrays.copyOf(plainRtcp, RTCP_PACKET + ROOM);
            j.set(a, tx.protectRtcp(a, 0, RTCP_PACKET));
            check(jRxC.reverseTransformPacket(j) == SrtpErrorStatus.OK && j.len == RTCP_PACKET, "jitsi-srtp rejects rtc4j's SRTCP");
            j.set(plainRtcp, RTCP_PACKET);
            check(jTxC.transformPacket(j) == SrtpErrorStatus.OK && rx.unprotectRtcp(j.b, 0, j.len) == RTCP_PACKET,
                    "rtc4j rejects jitsi-srtp's SRTCP");
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private int nextSeq() {
        int s = seq;
        seq = (s + 1) & 0xffff;
        return s;
    }

    // ---- protect -------------------------------------------------------------------------------

    @Benchmark
    public int protect_rtc4j() {
        System.arraycopy(plain, 0, buf, 0, PACKET);
        int s = nextSeq();
        buf[2] = (byte) (s >>> 8);
        buf[3] = (byte) s;
        return rtc4jTx.protect(buf, 0, PACKET);
    }

    @Benchmark
    public int protect_jitsi() throws Exception {
        jitsiBuf.set(plain, PACKET);
        int s = nextSeq();
        jitsiBuf.b[2] = (byte) (s >>> 8);
        jitsiBuf.b[3] = (byte) s;
        jitsiTx.transformPacket(jitsiBuf);
        return jitsiBuf.len;
    }

    @Benchmark
    public int protectRtcp_rtc4j() {
        System.arraycopy(plainRtcp, 0, buf, 0, RTCP_PACKET);
        return rtc4jTxRtcp.protectRtcp(buf, 0, RTCP_PACKET);
    }

    @Benchmark
    public int protectRtcp_jitsi() throws Exception {
        jitsiBuf.set(plainRtcp, RTCP_PACKET);
        jitsiTxRtcp.transformPacket(jitsiBuf);
        return jitsiBuf.len;
    }

    // ---- unprotect -----------------------------------------------------------------------------

    /** Rings of packets protected during setup, with consecutive sequence numbers and SRTCP indices. */
    @State(Scope.Thread)
    public static class Rings {
        final byte[][] rtp = new byte[RING][];
        final byte[][] rtcp = new byte[RING][];

        @Setup(Level.Trial)
        public void setUp(SrtpBenchmark b) throws Exception {
            SrtpSession tx = new SrtpSession(b.profile, b.key, b.salt);
            for (int i = 0; i < RING; i++) {
                byte[] p = Arrays.copyOf(b.plain, PACKET + ROOM);
                p[2] = (byte) (i >>> 8);
                p[3] = (byte) i;
                rtp[i] = Arrays.copyOf(p, tx.protect(p, 0, PACKET));
                p = Arrays.copyOf(b.plainRtcp, RTCP_PACKET + ROOM);
                rtcp[i] = Arrays.copyOf(p, tx.protectRtcp(p, 0, RTCP_PACKET));
            }
        }
    }

    /** rtc4j's receiver; before each walk of a ring, outside the measured time, it forgets the stream. */
    @State(Scope.Thread)
    public static class Rtc4jReceiver {
        final byte[] buf = new byte[PACKET + ROOM];
        SrtpSession rx;
        int accepted;

        @Setup(Level.Trial)
        public void setUp(SrtpBenchmark b) throws Exception {
            rx = new SrtpSession(b.profile, b.key, b.salt);
        }

        @Setup(Level.Invocation)
        public void reset() {
            rx.removeStream(SSRC);
            accepted = 0;
        }

        /** Every packet of the walk must have been accepted, or the figure means nothing. */
        @TearDown(Level.Invocation)
        public void verify() {
            check(accepted == RING, "rtc4j accepted only " + accepted + " of " + RING + " packets");
        }
    }

    /** jitsi-srtp's receivers; it has no reset, so each walk gets fresh contexts from the factory. */
    @State(Scope.Thread)
    public static class JitsiReceiver {
        final JitsiBuffer buf = new JitsiBuffer(PACKET + ROOM);
        SrtpContextFactory factory;
        SrtpCryptoContext rx;
        SrtcpCryptoContext rxRtcp;
        int accepted;

        @Setup(Level.Trial)
        public void setUp(SrtpBenchmark b) {
            factory = b.jitsiFactory(false);
        }

        @Setup(Level.Invocation)
        public void reset() throws Exception {
            rx = factory.deriveContext(SSRC, 0);
            rxRtcp = factory.deriveControlContext(SSRC);
            accepted = 0;
        }

        /** Every packet of the walk must have been accepted, or the figure means nothing. */
        @TearDown(Level.Invocation)
        public void verify() {
            check(accepted == RING, "jitsi-srtp accepted only " + accepted + " of " + RING + " packets");
        }
    }

    @Benchmark
    @OperationsPerInvocation(RING)
    public int unprotect_rtc4j(Rings rings, Rtc4jReceiver r) {
        byte[] b = r.buf;
        SrtpSession rx = r.rx;
        int ok = 0;
        for (byte[] p : rings.rtp) {
            System.arraycopy(p, 0, b, 0, p.length);
            if (rx.unprotect(b, 0, p.length) == PACKET) {
                ok++;
            }
        }
        r.accepted = ok;
        return ok;
    }

    @Benchmark
    @OperationsPerInvocation(RING)
    public int unprotect_jitsi(Rings rings, JitsiReceiver r) throws Exception {
        JitsiBuffer j = r.buf;
        SrtpCryptoContext rx = r.rx;
        int ok = 0;
        for (byte[] p : rings.rtp) {
            j.set(p, p.length);
            if (rx.reverseTransformPacket(j, false) == SrtpErrorStatus.OK && j.len == PACKET) {
                ok++;
            }
        }
        r.accepted = ok;
        return ok;
    }

    @Benchmark
    @OperationsPerInvocation(RING)
    public int unprotectRtcp_rtc4j(Rings rings, Rtc4jReceiver r) {
        byte[] b = r.buf;
        SrtpSession rx = r.rx;
        int ok = 0;
        for (byte[] p : rings.rtcp) {
            System.arraycopy(p, 0, b, 0, p.length);
            if (rx.unprotectRtcp(b, 0, p.length) == RTCP_PACKET) {
                ok++;
            }
        }
        r.accepted = ok;
        return ok;
    }

    @Benchmark
    @OperationsPerInvocation(RING)
    public int unprotectRtcp_jitsi(Rings rings, JitsiReceiver r) throws Exception {
        JitsiBuffer j = r.buf;
        SrtcpCryptoContext rx = r.rxRtcp;
        int ok = 0;
        for (byte[] p : rings.rtcp) {
            j.set(p, p.length);
            if (rx.reverseTransformPacket(j) == SrtpErrorStatus.OK && j.len == RTCP_PACKET) {
                ok++;
            }
        }
        r.accepted = ok;
        return ok;
    }

    // ---- the bare cipher -----------------------------------------------------------------------

    private final byte[] bareIv = new byte[12];
    private int bareCounter;
    private Cipher bareCipher;
    private SecretKeySpec bareKey;

    @Setup(Level.Trial)
    public void setUpBareCipher() throws Exception {
        bareCipher = Cipher.getInstance("AES/GCM/NoPadding");
        bareKey = new SecretKeySpec(new byte[profile.isAead() ? profile.keyLength() : 16], "AES");
    }

    private int bare(byte[] src, int hdr, int len) throws Exception {
        putInt(bareIv, 8, bareCounter++); // a new IV per packet: SunJCE refuses to encrypt twice with one
        bareCipher.init(Cipher.ENCRYPT_MODE, bareKey, new GCMParameterSpec(128, bareIv));
        System.arraycopy(src, 0, buf, 0, len);
        bareCipher.updateAAD(buf, 0, hdr);
        return bareCipher.doFinal(buf, hdr, len - hdr, buf, hdr);
    }

    /** AES-GCM of the 1188-byte RTP payload with the 12-byte header as AAD. */
    @Benchmark
    public int bareJdkAesGcm() throws Exception {
        return bare(plain, 12, PACKET);
    }

    /** AES-GCM of the RTCP packet's 92 bytes after its 8-byte header, which is the AAD. */
    @Benchmark
    public int bareJdkAesGcmRtcp() throws Exception {
        return bare(plainRtcp, 8, RTCP_PACKET);
    }
}
