package org.rtc4j.stun;

import java.text.Normalizer;

/**
 * How a password (and realm) is prepared before it enters a long-term key (RFC 8489 §9.2.2).
 *
 * <p>RFC 8489 names the OpaqueString profile of RFC 8265; RFC 5389 and the test vectors of
 * RFC 5769 used SASLprep (RFC 4013). Both agree on plain ASCII, which is what TURN servers use.
 */
public enum PasswordProfile {
    /** OpaqueString (RFC 8265 §4.2): non-ASCII spaces become U+0020, then NFC. The RFC 8489 default. */
    OPAQUE_STRING,
    /** SASLprep (RFC 4013 §2): commonly-mapped-to-nothing characters removed, non-ASCII spaces mapped, NFKC. */
    SASLPREP,
    /** The string as given. */
    NONE;

    /** Prepares a string by this profile. Prohibited-character checks are not applied. */
    public String prepare(String s) {
        return switch (this) {
            case NONE -> s;
            case OPAQUE_STRING -> Normalizer.normalize(mapSpaces(s, false), Normalizer.Form.NFC);
            case SASLPREP -> Normalizer.normalize(mapSpaces(s, true), Normalizer.Form.NFKC);
        };
    }

    private static String mapSpaces(String s, boolean dropMappedToNothing) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (dropMappedToNothing && isMappedToNothing(c)) {
                continue;
            }
            out.append(isNonAsciiSpace(c) ? ' ' : c);
        }
        return out.toString();
    }

    // RFC 3454 table B.1
    private static boolean isMappedToNothing(char c) {
        return c == 0x00AD || c == 0x034F || c == 0x1806 || (c >= 0x180B && c <= 0x180D)
                || (c >= 0x200B && c <= 0x200D) || c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
    }

    // RFC 3454 table C.1.2
    private static boolean isNonAsciiSpace(char c) {
        return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000;
    }
}
