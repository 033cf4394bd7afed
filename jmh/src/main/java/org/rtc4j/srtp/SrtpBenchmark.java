package org.rtc4j.srtp;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP on a 1200-byte RTP packet (12-byte header, 1188 bytes of payload), rtc4j and jitsi-srtp side
 * by side, for every profile both implement: {@code protect_*} protects one packet with the next
 * sequence number; {@code roundTrip_*} protects it and unprotects it on a receiving context, so the
 * receiver's index estimation, replay check and authentication are measured too (a packet cannot be
 * unprotected twice, because of replay protection).
 *
 * <p>rtc4j uses the JCE's default provider (SunJCE). jitsi-srtp picks the fastest of its cipher
 * factories at start-up unless {@link #jitsiFactory} pins one. The setup checks that each side's
 * packets verify on the other side, so both do the same work.
 *
 * <p>Run: {@code java -jar jmh/target/benchmarks.jar SrtpBenchmark -prof gc}, and for pure Java on
 * both sides add {@code -p jitsiFactory=org.jitsi.srtp.crypto.Aes\$SunJCECipherFactory}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrtpBenchmark {
    private static final int SSRC = 0x12345678;
    private static final int PACKET = 1200;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpProfile profile;

    /**
     * jitsi-srtp's cipher factory. {@code auto} lets it benchmark its providers at start-up and take the
     * fastest, which is often its native OpenSSL provider for GCM; a class name such as
     * {@code org.jitsi.srtp.crypto.Aes$SunJCECipherFactory} pins it, for a pure-Java comparison.
     */
    @Param({"auto"})
    public String jitsiFactory;

    private byte[] plain;
    private byte[] buf;
    private int seq;
    private SrtpSession rtc4jTx;
    private SrtpSession rtc4jRx;
    private SrtpCryptoContext jitsiTx;
    private SrtpCryptoContext jitsiRx;
    private JitsiBuffer jitsiBuf;

    /** The smallest {@link ByteArrayBuffer} jitsi-srtp needs, over one reused array. */
    static final class JitsiBuffer implements ByteArrayBuffer {
        final byte[] b;
        int off;
        int len;

        JitsiBuffer(int capacity) {
            b = new byte[capacity];
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

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!"auto".equals(jitsiFactory)) {
            org.jitsi.srtp.crypto.Aes.setFactoryClassName(jitsiFactory);
        }
        Random rnd = new Random(42);
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        rnd.nextBytes(key);
        rnd.nextBytes(salt);
        plain = new byte[PACKET];
        rnd.nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 96;
        plain[8] = (byte) (SSRC >>> 24);
        plain[9] = (byte) (SSRC >>> 16);
        plain[10] = (byte) (SSRC >>> 8);
        plain[11] = (byte) SSRC;
        buf = new byte[PACKET + 64];
        jitsiBuf = new JitsiBuffer(PACKET + 64);
        rtc4jTx = new SrtpSession(profile, key, salt);
        rtc4jRx = new SrtpSession(profile, key, salt);
        SrtpPolicy policy = profile.isAead()
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(), SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                        profile.rtpTagLength(), 14);
        LoggerImpl log = new LoggerImpl("jitsi-srtp");
        log.setLevelWarn();
        jitsiTx = new SrtpContextFactory(true, key, salt, policy, policy, log).deriveContext(SSRC, 0);
        jitsiRx = new SrtpContextFactory(false, key, salt, policy, policy, log).deriveContext(SSRC, 0);

        // Cross-check: rtc4j -> jitsi and jitsi -> rtc4j, on separate receivers so the measured ones start fresh.
        SrtpSession checkRx = new SrtpSession(profile, key, salt);
        SrtpCryptoContext checkJitsiRx = new SrtpContextFactory(false, key, salt, policy, policy, log).deriveContext(SSRC, 0);
        SrtpSession checkTx = new SrtpSession(profile, key, salt);
        SrtpCryptoContext checkJitsiTx = new SrtpContextFactory(true, key, salt, policy, policy, log).deriveContext(SSRC, 0);
        for (int s = 0; s < 3; s++) {
            byte[] a = Arrays.copyOf(plain, PACKET + 64);
            a[3] = (byte) s;
            int n = checkTx.protect(a, 0, PACKET);
            JitsiBuffer j = new JitsiBuffer(PACKET + 64);
            System.arraycopy(a, 0, j.b, 0, n);
            j.len = n;
            if (checkJitsiRx.reverseTransformPacket(j, false) != SrtpErrorStatus.OK) {
                throw new IllegalStateException("jitsi-srtp rejects rtc4j's packet");
            }
            JitsiBuffer k = new JitsiBuffer(PACKET + 64);
            System.arraycopy(plain, 0, k.b, 0, PACKET);
            k.b[3] = (byte) s;
            k.len = PACKET;
            if (checkJitsiTx.transformPacket(k) != SrtpErrorStatus.OK
                    || checkRx.unprotect(k.b, 0, k.len) != PACKET) {
                throw new IllegalStateException("rtc4j rejects jitsi-srtp's packet");
            }
        }
    }

    private int nextSeq() {
        int s = seq;
        seq = (s + 1) & 0xffff;
        return s;
    }

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
        System.arraycopy(plain, 0, jitsiBuf.b, 0, PACKET);
        int s = nextSeq();
        jitsiBuf.b[2] = (byte) (s >>> 8);
        jitsiBuf.b[3] = (byte) s;
        jitsiBuf.off = 0;
        jitsiBuf.len = PACKET;
        jitsiTx.transformPacket(jitsiBuf);
        return jitsiBuf.len;
    }

    @Benchmark
    public int roundTrip_rtc4j() {
        int n = protect_rtc4j();
        return rtc4jRx.unprotect(buf, 0, n);
    }

    @Benchmark
    public int roundTrip_jitsi() throws Exception {
        protect_jitsi();
        jitsiRx.reverseTransformPacket(jitsiBuf, false);
        return jitsiBuf.len;
    }

    /**
     * The practical limit for the GCM profiles: the bare JDK cipher encrypting the same 1188-byte payload
     * in place with a fresh 12-byte IV per packet and the header as AAD, no SRTP around it. For the CM
     * profiles it is measured too (AES-GCM of the same bytes) only as a reference point.
     */
    @Benchmark
    public int bareJdkAesGcm() throws Exception {
        int s = nextSeq();
        bareIv[11] = (byte) s;
        bareIv[10] = (byte) (s >>> 8);
        bareCipher.init(javax.crypto.Cipher.ENCRYPT_MODE, bareKey, new javax.crypto.spec.GCMParameterSpec(128, bareIv));
        bareCipher.updateAAD(buf, 0, 12);
        System.arraycopy(plain, 12, buf, 12, PACKET - 12);
        return bareCipher.doFinal(buf, 12, PACKET - 12, buf, 12);
    }

    private final byte[] bareIv = new byte[12];
    private javax.crypto.Cipher bareCipher;
    private javax.crypto.spec.SecretKeySpec bareKey;

    @Setup(Level.Trial)
    public void setUpBareCipher() throws Exception {
        bareCipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        bareKey = new javax.crypto.spec.SecretKeySpec(new byte[profile.isAead() ? profile.keyLength() : 16], "AES");
    }
}
