package org.rtc4j.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test vectors of RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation). */
class Rfc3711VectorsTest {

    @Test
    void b2AesCounterModeKeystream() throws Exception {
        AesCounterMode cm = new AesCounterMode(Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] ks = new byte[0xFF02 * 16];
        cm.keystream(iv, ks, 0, ks.length);
        assertThat(Hex.hex(ks, 0, 16)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4");
        assertThat(Hex.hex(ks, 16, 16)).isEqualTo("d23513162b02d0f72a43a2fe4a5f97ab");
        assertThat(Hex.hex(ks, 32, 16)).isEqualTo("41e95b3bb0a2e8dd477901e4fca894c0");
        assertThat(Hex.hex(ks, 0xFEFF * 16, 16)).isEqualTo("ec8cdf7398607cb0f2d21675ea9ea1e4");
        assertThat(Hex.hex(ks, 0xFF00 * 16, 16)).isEqualTo("362b7c3c6773516318a077d7fc5073ae");
        assertThat(Hex.hex(ks, 0xFF01 * 16, 16)).isEqualTo("6a2cc3787889374fbeb4c81b17ba6c44");
    }

    @Test
    void b2ThroughTheTransformIvFormation() throws Exception {
        // The same keystream, reached through the IV of RFC 3711 §4.1.1 with SSRC 0 and index 0:
        // the session salt F0F1...FD shifted left 16 bits.
        AesCounterMode cm = new AesCounterMode(Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = new byte[16];
        System.arraycopy(Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0, iv, 0, 14);
        byte[] data = new byte[16];
        cm.apply(iv, data, 0, 16);
        assertThat(Hex.hex(data, 0, 16)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4");
    }

    @Test
    void b3KeyDerivation() throws Exception {
        byte[] key = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] salt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");
        assertThat(Hex.hex(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16), 0, 16))
                .isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
        assertThat(Hex.hex(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_SALT, 14), 0, 14))
                .isEqualTo("30cbbc08863d8c85d49db34a9ae1");
        assertThat(Hex.hex(SrtpKeyDerivation.derive(key, salt, SrtpKeyDerivation.LABEL_RTP_AUTH, 20), 0, 20))
                .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
    }
}
