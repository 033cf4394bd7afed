package org.rtc4j.ice;

import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * An agent's ICE username fragment and password ({@code a=ice-ufrag}, {@code a=ice-pwd}, RFC 8839 §5.4).
 * Checks carry {@code USERNAME = receiverUfrag ":" senderUfrag} and are signed with the receiver's password.
 *
 * @param ufrag    4 to 256 ice-chars
 * @param password 22 to 256 ice-chars
 */
public record IceCredentials(String ufrag, String password) {
    private static final Pattern UFRAG = Pattern.compile("[A-Za-z0-9+/]{4,256}");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9+/]{22,256}");
    private static final char[] ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    public IceCredentials {
        if (!UFRAG.matcher(ufrag).matches()) {
            throw new IllegalArgumentException("ice-ufrag '" + ufrag + "' (expected: 4 ~ 256 of ALPHA DIGIT + /)");
        }
        if (!PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("ice-pwd of " + password.length() + " characters (expected: 22 ~ 256 of ALPHA DIGIT + /)");
        }
    }

    /** New random credentials: an 8-character ufrag and a 24-character password (144 bits), as browsers use. */
    public static IceCredentials random(RandomGenerator random) {
        return new IceCredentials(randomString(random, 8), randomString(random, 24));
    }

    /** Parses credentials received from a peer, reporting what is wrong. */
    public static IceCredentials parse(String ufrag, String password) throws IceException {
        try {
            return new IceCredentials(ufrag, password);
        } catch (IllegalArgumentException e) {
            throw new IceException(e.getMessage());
        }
    }

    private static String randomString(RandomGenerator random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(c);
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=(" + password.length() + " chars)]";
    }
}
