package org.rtc4j.rtp;

import java.util.HexFormat;

/** Hex helpers for test vectors written as in the RFCs (spaces and newlines ignored). */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
