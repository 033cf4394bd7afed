package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The AES-GCM test vectors of RFC 7714 §16 (SRTP) and §17 (SRTCP), byte for byte. The RFC gives the
 * session key and salt directly, so these drive {@link AesGcmTransform} without key derivation.
 */
class Rfc7714VectorsTest {
    private static final String KEY_128 = "000102030405060708090a0b0c0d0e0f";
    private static final String KEY_256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String SALT = "517569642070726f2071756f"; // "Quid pro quo"

    private static final String RTP = "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
            + "20646976 69736120 696e2070 61727465 73207472 6573";
    private static final String SRTP_128 = "8040f17b 8041f8d3 5501a0b2"
            + "f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
            + "899d7f27 beb16a91 52cf765e e4390cce";
    private static final String SRTP_256 = "8040f17b 8041f8d3 5501a0b2"
            + "32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b"
            + "7aa3db36 dfffd6b0 f9bb7878 d7a76c13";

    private static final String RTCP = "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
            + "deadbeef deadbeef deadbeef deadbeef deadbeef";
    private static final String SRTCP_128 = "81c8000d 4d617273"
            + "63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b"
            + "c84aa458 96cf4d2f c5abf872 45d9eade 800005d4";
    private static final String SRTCP_256 = "81c8000d 4d617273"
            + "d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be 8415f658 c61de047"
            + "6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4";

    private static AesGcmTransform transform(String key) throws SrtpException {
        return new AesGcmTransform(Hex.bytes(key), Hex.bytes(SALT), Hex.bytes(key), Hex.bytes(SALT));
    }

    private static void rtp(String key, String expected) throws Exception {
        byte[] plain = Hex.bytes(RTP);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int n = transform(key).protectRtp(buf, 0, 12, plain.length, 0x5501a0b2, 0xf17b);
        assertThat(Hex.hex(buf, 0, n)).isEqualTo(Hex.hex(Hex.bytes(expected), 0, Hex.bytes(expected).length));
        int m = transform(key).unprotectRtp(buf, 0, 12, n, 0x5501a0b2, 0xf17b);
        assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }

    private static void rtcp(String key, String expected) throws Exception {
        byte[] plain = Hex.bytes(RTCP);
        byte[] buf = Arrays.copyOf(plain, plain.length + 20);
        int n = transform(key).protectRtcp(buf, 0, plain.length, 0x4d617273, 0x5d4);
        assertThat(Hex.hex(buf, 0, n)).isEqualTo(Hex.hex(Hex.bytes(expected), 0, Hex.bytes(expected).length));
        int m = transform(key).unprotectRtcp(buf, 0, n, 0x4d617273, 0x800005d4);
        assertThat(Arrays.copyOf(buf, m)).isEqualTo(plain);
    }

    @Test
    void section16_1_aes128GcmSrtp() throws Exception {
        rtp(KEY_128, SRTP_128);
    }

    @Test
    void section16_2_aes256GcmSrtp() throws Exception {
        rtp(KEY_256, SRTP_256);
    }

    @Test
    void section17_1_aes128GcmSrtcp() throws Exception {
        rtcp(KEY_128, SRTCP_128);
    }

    @Test
    void section17_2_aes256GcmSrtcp() throws Exception {
        rtcp(KEY_256, SRTCP_256);
    }
}
