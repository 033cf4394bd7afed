package org.rtc4j.sdp;

import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate fingerprint {@code a=fingerprint:<hash-func> <fingerprint>} (RFC 8122 §5, used by
 * DTLS-SRTP per RFC 5763 and RFC 8842), such as {@code sha-256 AB:CD:...}. A description may carry
 * several, one per certificate or hash function.
 *
 * @param hashFunction the hash function as written, e.g. {@code sha-256} (compare case-insensitively)
 * @param value the upper- or lower-case hex bytes separated by colons, as written
 */
public record Fingerprint(String hashFunction, String value) {
    /** The attribute name. */
    public static final String ATTRIBUTE = "fingerprint";
    private static final String EXPECTED = "<hash-func> <hex bytes separated by ':'>, e.g. sha-256 AB:CD:...";

    /** @throws IllegalArgumentException if a component breaks the attribute's syntax, saying what was expected */

    public Fingerprint {
        Values.token(hashFunction, "hash function");
        if (!isHexPairs(value)) {
            throw new IllegalArgumentException("fingerprint '" + value + "' is not hex bytes separated by ':' (expected: "
                    + EXPECTED + ")");
        }
    }

    /** A fingerprint of the given digest, written as upper-case hex as browsers do. */
    public static Fingerprint of(String hashFunction, byte[] digest) {
        if (digest.length == 0) {
            throw new IllegalArgumentException("empty digest (expected: at least one byte)");
        }
        return new Fingerprint(hashFunction, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    }

    /** The digest bytes. */
    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(value);
    }

    /** Whether this is the fingerprint of the given digest with the given hash function (case-insensitive). */
    public boolean matches(String hashFunction, byte[] digest) {
        return this.hashFunction.toLowerCase(Locale.ROOT).equals(hashFunction.toLowerCase(Locale.ROOT))
                && java.security.MessageDigest.isEqual(bytes(), digest);
    }

    /** The {@code a=fingerprint} line. */
    public SdpLine toLine() {
        return SdpLine.attribute(ATTRIBUTE, hashFunction + ' ' + value);
    }

    static Fingerprint parse(SdpLine line) {
        String[] f = Values.splitFirst(Values.attributeValue(line, EXPECTED));
        if (f.length != 2 || f[0].isEmpty()) {
            throw SdpParseException.at(line, "no hash function or no fingerprint", EXPECTED);
        }
        String hex = f[1].strip();
        if (!isHexPairs(hex)) {
            throw SdpParseException.at(line, "the fingerprint is not hex bytes separated by ':'", EXPECTED);
        }
        return new Fingerprint(f[0], hex);
    }

    private static boolean isHexPairs(String s) {
        if (s == null || s.length() < 2 || (s.length() + 1) % 3 != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 128;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
