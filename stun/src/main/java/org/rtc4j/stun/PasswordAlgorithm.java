package org.rtc4j.stun;

import java.util.Arrays;

/**
 * A password algorithm of the long-term credential mechanism (RFC 8489 §14.11, §18.5): how the
 * key is derived from username, realm and password.
 *
 * <p>An open value: unknown algorithm numbers are kept with their parameters so that a server's
 * list can be echoed back unchanged, as the bid-down protection of RFC 8489 §9.2.4 requires.
 *
 * @param code       the algorithm number: 1 for MD5, 2 for SHA-256
 * @param parameters the algorithm parameters; empty for MD5 and SHA-256
 */
public record PasswordAlgorithm(int code, byte[] parameters) {
    public static final PasswordAlgorithm MD5 = new PasswordAlgorithm(0x0001, new byte[0]);
    public static final PasswordAlgorithm SHA_256 = new PasswordAlgorithm(0x0002, new byte[0]);

    public PasswordAlgorithm {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("algorithm " + code + " (expected: 0 ~ 65535)");
        }
        if (parameters.length > 0xFFFF) {
            throw new IllegalArgumentException("parameters of " + parameters.length + " bytes (expected: 0 ~ 65535)");
        }
        parameters = parameters.clone();
    }

    /** The algorithm with this code and no parameters. */
    public static PasswordAlgorithm of(int code) {
        return switch (code) {
            case 1 -> MD5;
            case 2 -> SHA_256;
            default -> new PasswordAlgorithm(code, new byte[0]);
        };
    }

    /** Whether rtc4j can derive a key with this algorithm. */
    public boolean isSupported() {
        return (code == 1 || code == 2) && parameters.length == 0;
    }

    /** The name of the JDK digest that derives the key. */
    String digestName() {
        return switch (code) {
            case 1 -> "MD5";
            case 2 -> "SHA-256";
            default -> throw new IllegalStateException("unsupported password algorithm " + code);
        };
    }

    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordAlgorithm p && p.code == code && Arrays.equals(p.parameters, parameters);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return switch (code) {
            case 1 -> "MD5";
            case 2 -> "SHA-256";
            default -> "PasswordAlgorithm(" + code + ")";
        };
    }
}
