package org.rtc4j.ice;

/** The type of an ICE candidate (RFC 8445 §5.1.1), with its SDP token and recommended type preference (§5.1.2.2). */
public enum CandidateType {
    HOST("host", 126),
    PEER_REFLEXIVE("prflx", 110),
    SERVER_REFLEXIVE("srflx", 100),
    RELAYED("relay", 0);

    private final String token;
    private final int typePreference;

    CandidateType(String token, int typePreference) {
        this.token = token;
        this.typePreference = typePreference;
    }

    /** The SDP token: {@code host}, {@code prflx}, {@code srflx} or {@code relay}. */
    public String token() {
        return token;
    }

    /** The recommended type preference of RFC 8445 §5.1.2.2. */
    public int typePreference() {
        return typePreference;
    }

    /** The type of an SDP token, case-insensitively. */
    static CandidateType ofToken(String token) throws IceException {
        for (CandidateType t : values()) {
            if (t.token.equalsIgnoreCase(token)) {
                return t;
            }
        }
        throw new IceException("candidate type '" + token + "' (expected: host, srflx, prflx or relay)");
    }
}
