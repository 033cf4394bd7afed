package org.rtc4j.stun;

import java.util.zip.CRC32;

/** The FINGERPRINT value (RFC 8489 §14.7): CRC-32 of the message up to the attribute, XOR 0x5354554e. */
final class Fingerprint {
    static final int XOR = 0x5354554e;

    private Fingerprint() {
    }

    static int compute(byte[] b, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        return (int) crc.getValue() ^ XOR;
    }
}
