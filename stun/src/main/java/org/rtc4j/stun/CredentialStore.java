package org.rtc4j.stun;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Where a server finds the passwords of the long-term credential mechanism (RFC 8489 §9.2).
 */
public interface CredentialStore {
    /** The password of a user, if the user exists. */
    Optional<String> password(String username);

    /**
     * The user whose USERHASH (RFC 8489 §14.4) this is, for clients that hide their username.
     * The default knows none; a store that can enumerate its users should override it.
     */
    default Optional<String> usernameForHash(byte[] userHash, String realm) {
        return Optional.empty();
    }

    /** A store over a fixed map of username to password, which also resolves USERHASH. */
    static CredentialStore of(Map<String, String> passwords) {
        Map<String, String> copy = Map.copyOf(passwords);
        return new CredentialStore() {
            @Override
            public Optional<String> password(String username) {
                return Optional.ofNullable(copy.get(username));
            }

            @Override
            public Optional<String> usernameForHash(byte[] userHash, String realm) {
                for (String user : copy.keySet()) {
                    if (MessageDigest.isEqual(StunKey.userHash(user, realm), userHash)) {
                        return Optional.of(user);
                    }
                }
                return Optional.empty();
            }
        };
    }
}
