package org.rtc4j.stun;

import java.util.List;
import java.util.Optional;

/**
 * The client side of the long-term credential mechanism (RFC 8489 §9.2.3, §9.2.5): learns REALM,
 * NONCE and PASSWORD-ALGORITHMS from a server's 401 or 438, then signs requests with the right key.
 *
 * <p>Against an RFC 8489 server (its nonce starts with {@code obMatJos2} and sets the
 * password-algorithms bit) the first supported algorithm of the server's list is chosen, the list is
 * echoed back (bid-down protection) and requests carry MESSAGE-INTEGRITY-SHA256; against an RFC 5389
 * server (coturn's default, most TURN services) MD5 and MESSAGE-INTEGRITY are used.
 *
 * <p>Not thread-safe; one per client, like the allocation it authenticates.
 */
public final class LongTermCredential {
    /** The most PASSWORD-ALGORITHMS entries echoed back; RFC 8489 registers two. */
    static final int MAX_ECHOED_ALGORITHMS = 16;

    private final String username;
    private final String password;
    private String realm;
    private String nonce;
    private List<PasswordAlgorithm> offered = List.of();
    private PasswordAlgorithm algorithm = PasswordAlgorithm.MD5;
    private boolean rfc8489;
    private StunKey key;
    private boolean signedSinceChallenge;

    public LongTermCredential(String username, String password) {
        this.username = username;
        this.password = password;
    }

    /** Whether a challenge has been seen, so that {@link #sign} can be used. */
    public boolean isReady() {
        return key != null;
    }

    /** The realm learned from the server. */
    public Optional<String> realm() {
        return Optional.ofNullable(realm);
    }

    /** The key requests are signed with, once a challenge was seen; responses must verify with it. */
    public Optional<StunKey> key() {
        return Optional.ofNullable(key);
    }

    /**
     * Learns from an error response and says whether the request should be sent again, signed:
     * true for a first 401 and for every 438 (stale nonce); false for a 401 after signed requests
     * (wrong credentials), for other errors, and for a challenge that fails the bid-down check.
     */
    public boolean handleChallenge(StunMessage response) {
        Optional<StunAttribute.ErrorCode> error = response.errorCode();
        if (error.isEmpty()) {
            return false;
        }
        int code = error.get().code();
        if (code != StunErrorCodes.UNAUTHENTICATED && code != StunErrorCodes.STALE_NONCE) {
            return false;
        }
        if (code == StunErrorCodes.UNAUTHENTICATED && signedSinceChallenge) {
            return false;
        }
        Optional<String> newNonce = response.nonce();
        Optional<String> newRealm = response.realm();
        if (newNonce.isEmpty() || (newRealm.isEmpty() && realm == null)) {
            return false;
        }
        String n = newNonce.get();
        boolean announces = announcesPasswordAlgorithms(n);
        Optional<StunAttribute> list = response.attribute(StunAttributeType.PASSWORD_ALGORITHMS);
        if (announces && list.isEmpty()) {
            return false; // RFC 8489 §9.2.5: the list was stripped on the way, a bid-down attack
        }
        PasswordAlgorithm chosen = PasswordAlgorithm.MD5;
        List<PasswordAlgorithm> algorithms = List.of();
        if (announces) {
            algorithms = ((StunAttribute.PasswordAlgorithms) list.get()).algorithms();
            if (algorithms.size() > MAX_ECHOED_ALGORITHMS) {
                return false; // echoing a huge list back would not fit in a request
            }
            Optional<PasswordAlgorithm> supported = algorithms.stream().filter(PasswordAlgorithm::isSupported).findFirst();
            if (supported.isEmpty()) {
                return false;
            }
            chosen = supported.get();
        }
        nonce = n;
        realm = newRealm.orElse(realm);
        offered = algorithms;
        algorithm = chosen;
        rfc8489 = announces;
        key = StunKey.longTerm(username, realm, password, algorithm);
        signedSinceChallenge = false;
        return true;
    }

    /**
     * Adds USERNAME, REALM, NONCE (and the password algorithms when the server offered them) and
     * the integrity attribute to a request.
     *
     * @throws IllegalStateException before a challenge was handled
     */
    public StunMessageBuilder sign(StunMessageBuilder request) {
        if (key == null) {
            throw new IllegalStateException("no challenge handled yet (expected: handleChallenge with a 401 first)");
        }
        request.text(StunAttributeType.USERNAME, username)
                .text(StunAttributeType.REALM, realm)
                .text(StunAttributeType.NONCE, nonce);
        if (rfc8489) {
            request.add(new StunAttribute.PasswordAlgorithms(offered))
                    .add(new StunAttribute.PasswordAlgorithmChoice(algorithm))
                    .messageIntegritySha256(key);
        } else {
            request.messageIntegrity(key);
        }
        signedSinceChallenge = true;
        return request;
    }

    private static boolean announcesPasswordAlgorithms(String nonce) {
        int features = NonceCookie.features(nonce);
        return features >= 0 && (features & NonceCookie.PASSWORD_ALGORITHMS) != 0;
    }
}
