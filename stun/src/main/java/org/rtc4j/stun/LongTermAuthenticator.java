package org.rtc4j.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of the long-term credential mechanism (RFC 8489 §9.2.4): challenges a request
 * without integrity, checks username, password algorithm, integrity and nonce, and says which error
 * response to send when a check fails.
 *
 * <p>Nonces are self-validating: a base64 token of an expiry time and an HMAC-SHA256 of it under a
 * server secret, so no per-client state is kept and a flood of requests costs no memory. When
 * PASSWORD-ALGORITHMS is offered, the nonce starts with the cookie {@code obMatJos2} and the
 * security-feature bits of RFC 8489 §9.2 (bit 0, "password algorithms", is the most significant),
 * which binds the offered list against bid-down attacks.
 *
 * <p>Time is a parameter, so nonce expiry runs on the caller's clock. Thread-safe.
 */
public final class LongTermAuthenticator {
    /** The nonce prefix that announces security features (RFC 8489 §9.2). */
    public static final String NONCE_COOKIE = NonceCookie.PREFIX;
    private static final int TOKEN_MAC_LENGTH = 12;

    private final String realm;
    private final CredentialStore credentials;
    private final byte[] secret;
    private final Duration nonceLifetime;
    private final List<PasswordAlgorithm> algorithms;
    private final boolean userHashes;

    /**
     * @param realm         the REALM sent in challenges
     * @param credentials   the users and their passwords
     * @param secret        the key that signs nonces (at least 16 random bytes); copied
     * @param nonceLifetime how long a nonce stays valid before 438 Stale Nonce
     * @param algorithms    the password algorithms offered in PASSWORD-ALGORITHMS, in order of
     *                      preference; empty for the RFC 5389 behaviour (MD5, no PASSWORD-ALGORITHMS)
     * @param userHashes    whether clients may send USERHASH instead of USERNAME
     */
    public LongTermAuthenticator(String realm, CredentialStore credentials, byte[] secret, Duration nonceLifetime,
                                 List<PasswordAlgorithm> algorithms, boolean userHashes) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("nonce secret of " + secret.length + " bytes (expected: at least 16)");
        }
        for (PasswordAlgorithm a : algorithms) {
            if (!a.isSupported()) {
                throw new IllegalArgumentException("cannot offer password algorithm " + a + " (expected: MD5 or SHA-256)");
            }
        }
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonce lifetime " + nonceLifetime + " (expected: positive)");
        }
        this.realm = realm;
        this.credentials = credentials;
        this.secret = secret.clone();
        this.nonceLifetime = nonceLifetime;
        this.algorithms = List.copyOf(algorithms);
        this.userHashes = userHashes;
        new StunAttribute.Text(StunAttributeType.REALM, realm); // validates the length
    }

    /** The realm. */
    public String realm() {
        return realm;
    }

    /** The outcome of {@link #authenticate}. */
    public sealed interface Result {
    }

    /**
     * The request is authentic; sign the response with {@code key}, with MESSAGE-INTEGRITY-SHA256
     * when {@code sha256} is true and MESSAGE-INTEGRITY otherwise, as the request was.
     */
    public record Accepted(String username, StunKey key, boolean sha256) implements Result {
    }

    /**
     * The request is refused; answer with an error response holding {@code attributes}
     * (ERROR-CODE first, then REALM, NONCE and PASSWORD-ALGORITHMS where the RFC asks for them).
     */
    public record Rejected(int errorCode, String why, List<StunAttribute> attributes) implements Result {
        public Rejected {
            attributes = List.copyOf(attributes);
        }

        /** The error response to {@code request}, unsigned as RFC 8489 §9.2.4 has it. */
        public StunMessageBuilder response(StunMessage request) {
            StunMessageBuilder b = StunMessageBuilder.responseTo(request, StunClass.ERROR_RESPONSE);
            attributes.forEach(b::add);
            return b;
        }
    }

    /** Checks a request by RFC 8489 §9.2.4, in the order that section lists the checks. */
    public Result authenticate(Instant now, StunMessage request) {
        boolean sha256 = request.hasMessageIntegritySha256();
        if (!sha256 && !request.hasMessageIntegrity()) {
            return challenge(now, StunErrorCodes.UNAUTHENTICATED, "no integrity");
        }
        Optional<String> nonce = request.nonce();
        boolean hasUser = request.contains(StunAttributeType.USERNAME) || request.contains(StunAttributeType.USERHASH);
        if (!hasUser || request.realm().isEmpty() || nonce.isEmpty()) {
            return badRequest("integrity without USERNAME or USERHASH, REALM and NONCE");
        }
        PasswordAlgorithm algorithm = PasswordAlgorithm.MD5;
        Optional<StunAttribute> offered = request.attribute(StunAttributeType.PASSWORD_ALGORITHMS);
        Optional<StunAttribute> chosen = request.attribute(StunAttributeType.PASSWORD_ALGORITHM);
        if (offered.isPresent() || chosen.isPresent()) {
            // Bid-down protection: the list must come back unchanged and the choice must be from it.
            if (algorithms.isEmpty() || offered.isEmpty() || chosen.isEmpty()
                    || !((StunAttribute.PasswordAlgorithms) offered.get()).algorithms().equals(algorithms)) {
                return badRequest("PASSWORD-ALGORITHMS missing or different from the offer");
            }
            algorithm = ((StunAttribute.PasswordAlgorithmChoice) chosen.get()).algorithm();
            if (!algorithms.contains(algorithm)) {
                return badRequest("PASSWORD-ALGORITHM " + algorithm + " was not offered");
            }
        }
        Optional<String> username = resolveUser(request);
        Optional<String> password = username.flatMap(credentials::password);
        if (password.isEmpty()) {
            return challenge(now, StunErrorCodes.UNAUTHENTICATED, "unknown user");
        }
        StunKey key = StunKey.longTerm(username.get(), realm, password.get(), algorithm);
        if (!request.realm().get().equals(realm) || !request.isIntegrityValid(key)) {
            return challenge(now, StunErrorCodes.UNAUTHENTICATED, "integrity does not verify");
        }
        if (!isNonceValid(now, nonce.get())) {
            return challenge(now, StunErrorCodes.STALE_NONCE, "stale nonce");
        }
        return new Accepted(username.get(), key, sha256);
    }

    private Optional<String> resolveUser(StunMessage request) {
        Optional<String> name = request.username();
        if (name.isPresent()) {
            return name;
        }
        if (!userHashes) {
            return Optional.empty();
        }
        return request.attribute(StunAttributeType.USERHASH)
                .flatMap(a -> credentials.usernameForHash(((StunAttribute.Opaque) a).value(), realm));
    }

    private Rejected badRequest(String why) {
        return new Rejected(StunErrorCodes.BAD_REQUEST, why, List.of(StunAttribute.ErrorCode.of(StunErrorCodes.BAD_REQUEST)));
    }

    private Rejected challenge(Instant now, int code, String why) {
        List<StunAttribute> attributes = new ArrayList<>(4);
        attributes.add(StunAttribute.ErrorCode.of(code));
        attributes.add(StunAttribute.realm(realm));
        attributes.add(StunAttribute.nonce(newNonce(now)));
        if (!algorithms.isEmpty()) {
            attributes.add(new StunAttribute.PasswordAlgorithms(algorithms));
        }
        return new Rejected(code, why, attributes);
    }

    /** A fresh nonce valid until {@code now} plus the lifetime. */
    public String newNonce(Instant now) {
        long expiry = now.plus(nonceLifetime).getEpochSecond();
        byte[] token = new byte[8 + TOKEN_MAC_LENGTH];
        Bytes.putLong(token, 0, expiry);
        System.arraycopy(tokenMac(expiry), 0, token, 8, TOKEN_MAC_LENGTH);
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        if (algorithms.isEmpty()) {
            return body;
        }
        return NonceCookie.of(NonceCookie.PASSWORD_ALGORITHMS | (userHashes ? NonceCookie.USERNAME_ANONYMITY : 0)) + body;
    }

    /** Whether a nonce is one of ours and has not expired at {@code now}. */
    public boolean isNonceValid(Instant now, String nonce) {
        String body = nonce;
        if (!algorithms.isEmpty()) {
            if (NonceCookie.features(nonce) < 0) {
                return false;
            }
            body = nonce.substring(NonceCookie.LENGTH);
        }
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (token.length != 8 + TOKEN_MAC_LENGTH) {
            return false;
        }
        long expiry = Bytes.getLong(token, 0);
        byte[] expected = tokenMac(expiry);
        boolean authentic = Bytes.constantTimeEquals(expected, 0, token, 8, TOKEN_MAC_LENGTH);
        return authentic && now.getEpochSecond() < expiry;
    }

    private byte[] tokenMac(long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] e = new byte[8];
            Bytes.putLong(e, 0, expiry);
            return mac.doFinal(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }
}
