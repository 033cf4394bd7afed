package org.rtc4j.stun;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key of MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9.1.1, §9.2.2), with the
 * initialised HMACs kept for reuse so that checking a message allocates nothing.
 *
 * <p>Short-term (ICE): the key is the password. Long-term (TURN): the key is MD5 or SHA-256 of
 * {@code username ":" realm ":" password}. A key is safe to share between threads; its HMAC
 * state is guarded by the key's lock.
 */
public final class StunKey {
    private final byte[] key;
    private final HmacState[] hmacs = new HmacState[Hmac.values().length];
    private final byte[] scratch = new byte[32];

    private StunKey(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an empty key (expected: a non-empty password or key)");
        }
        this.key = key;
    }

    /** The short-term key of RFC 8489 §9.1.1: the OpaqueString-prepared password, as ICE uses. */
    public static StunKey shortTerm(String password) {
        return new StunKey(PasswordProfile.OPAQUE_STRING.prepare(password).getBytes(StandardCharsets.UTF_8));
    }

    /** The long-term key of RFC 8489 §9.2.2 with the OpaqueString profile. */
    public static StunKey longTerm(String username, String realm, String password, PasswordAlgorithm algorithm) {
        return longTerm(username, realm, password, algorithm, PasswordProfile.OPAQUE_STRING);
    }

    /**
     * The long-term key of RFC 8489 §9.2.2: the digest chosen by {@code algorithm} of
     * {@code username ":" realm ":" password}, with realm and password prepared by {@code profile}.
     */
    public static StunKey longTerm(String username, String realm, String password, PasswordAlgorithm algorithm,
                                   PasswordProfile profile) {
        if (!algorithm.isSupported()) {
            throw new IllegalArgumentException("unsupported password algorithm " + algorithm + " (expected: MD5 or SHA-256)");
        }
        String input = username + ":" + profile.prepare(realm) + ":" + profile.prepare(password);
        return new StunKey(digest(algorithm.digestName(), input));
    }

    /** A key of raw bytes, copied. */
    public static StunKey ofBytes(byte[] key) {
        return new StunKey(key.clone());
    }

    /** USERHASH (RFC 8489 §14.4): SHA-256 of {@code username ":" realm}. */
    public static byte[] userHash(String username, String realm) {
        return digest("SHA-256", username + ":" + PasswordProfile.OPAQUE_STRING.prepare(realm));
    }

    private static byte[] digest(String algorithm, String input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** A copy of the key bytes. */
    public byte[] bytes() {
        return key.clone();
    }

    /** Which HMAC: SHA-1 for MESSAGE-INTEGRITY, SHA-256 for MESSAGE-INTEGRITY-SHA256. */
    enum Hmac {
        SHA1("SHA-1", 20), SHA256("SHA-256", 32);

        /** The RFC 2104 block size of both hashes. */
        static final int BLOCK = 64;

        final String digestName;
        final int length;

        Hmac(String digestName, int length) {
            this.digestName = digestName;
            this.length = length;
        }
    }

    /**
     * Computes the HMAC of a message prefix as the integrity attributes need it: the header's length
     * field replaced by {@code adjustedLength}, without copying the message.
     *
     * @param msg            the message buffer; read, not retained
     * @param msgOff         where the message header starts
     * @param coveredLength  how many bytes from the header start are covered
     * @param adjustedLength the value the length field takes for the computation
     * @param out            receives the HMAC ({@link Hmac#length} bytes) at {@code outOff}
     */
    void sign(Hmac hmac, byte[] msg, int msgOff, int coveredLength, int adjustedLength, byte[] out, int outOff) {
        synchronized (this) {
            mac(hmac, msg, msgOff, coveredLength, adjustedLength, out, outOff);
        }
    }

    /**
     * Whether the first {@code expectedLength} bytes of the HMAC (computed as in {@link #sign}) equal
     * {@code expected} at {@code expectedOff}, compared in constant time. Allocates nothing.
     */
    boolean verify(Hmac hmac, byte[] msg, int msgOff, int coveredLength, int adjustedLength,
                   byte[] expected, int expectedOff, int expectedLength) {
        synchronized (this) {
            mac(hmac, msg, msgOff, coveredLength, adjustedLength, scratch, 0);
            return Bytes.constantTimeEquals(scratch, 0, expected, expectedOff, expectedLength);
        }
    }

    /**
     * HMAC (RFC 2104) over a reused MessageDigest with the padded keys prepared once: unlike
     * {@code javax.crypto.Mac.doFinal(byte[], int)}, which returns a fresh array inside, this
     * allocates nothing per message. The inner pad and the message header (with its adjusted length)
     * go in as one contiguous run, and so do the outer pad and the inner hash: five digest calls in
     * all, each block compressed straight from the caller's array where it is whole.
     */
    private void mac(Hmac hmac, byte[] msg, int msgOff, int coveredLength, int adjustedLength, byte[] out, int outOff) {
        HmacState h = hmacs[hmac.ordinal()];
        if (h == null) {
            h = new HmacState(hmac, key);
            hmacs[hmac.ordinal()] = h;
        }
        MessageDigest md = h.digest;
        byte[] head = h.innerPadAndHeader;
        int header = Math.min(StunMessage.HEADER_LENGTH, coveredLength);
        System.arraycopy(msg, msgOff, head, Hmac.BLOCK, header);
        head[Hmac.BLOCK + 2] = (byte) (adjustedLength >>> 8);
        head[Hmac.BLOCK + 3] = (byte) adjustedLength;
        md.update(head, 0, Hmac.BLOCK + header);
        md.update(msg, msgOff + header, coveredLength - header);
        byte[] tail = h.outerPadAndInner;
        try {
            md.digest(tail, Hmac.BLOCK, hmac.length);
            md.update(tail, 0, tail.length);
            md.digest(out, outOff, hmac.length);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for the HMAC at offset " + outOff, e);
        }
    }

    /**
     * One hash's reusable HMAC state: the digest, the key XOR'd with ipad followed by room for the
     * message header, and the key XOR'd with opad followed by room for the inner hash.
     */
    private static final class HmacState {
        final MessageDigest digest;
        final byte[] innerPadAndHeader = new byte[Hmac.BLOCK + StunMessage.HEADER_LENGTH];
        final byte[] outerPadAndInner;

        HmacState(Hmac hmac, byte[] key) {
            try {
                digest = MessageDigest.getInstance(hmac.digestName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks " + hmac.digestName, e);
            }
            outerPadAndInner = new byte[Hmac.BLOCK + hmac.length];
            byte[] k = key.length > Hmac.BLOCK ? digest.digest(key) : key;
            for (int i = 0; i < Hmac.BLOCK; i++) {
                byte b = i < k.length ? k[i] : 0;
                innerPadAndHeader[i] = (byte) (b ^ 0x36);
                outerPadAndInner[i] = (byte) (b ^ 0x5c);
            }
        }
    }

}
