package org.rtc4j.datachannel;

import java.nio.charset.StandardCharsets;

/** UTF-8 lengths of labels and protocols, which DCEP carries behind 16-bit lengths (RFC 8832 §5.1). */
final class Utf8 {
    /** The most bytes a label or protocol may have. */
    static final int MAX_FIELD_LENGTH = 0xFFFF;

    private Utf8() {
    }

    /** The bytes {@code s} takes in UTF-8, as {@link String#getBytes} encodes it. */
    static int length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Checks that a label or protocol fits its 16-bit length field.
     *
     * @throws IllegalArgumentException when it does not
     */
    static void checkFieldLength(String what, String s) {
        int n = length(s);
        if (n > MAX_FIELD_LENGTH) {
            throw new IllegalArgumentException(what + " of " + n + " UTF-8 bytes (expected: at most 65535)");
        }
    }
}
