package org.rtc4j.dtls;

import java.util.Arrays;
import org.rtc4j.srtp.SrtpProfile;

/**
 * The SRTP master keys and salts exported from a finished DTLS handshake with the label
 * {@code "EXTRACTOR-dtls_srtp"} and split as RFC 5764 §4.2 lays them out:
 * {@code client_key | server_key | client_salt | server_salt}.
 *
 * <p>Immutable: the arrays are copied in and every accessor returns a copy.
 */
public final class SrtpKeyingMaterial {
    private final SrtpProfile profile;
    private final byte[] exported;

    /**
     * @param profile  the negotiated profile, which fixes the key and salt lengths
     * @param exported the whole export, {@code 2 * (keyLength + saltLength)} bytes; copied
     */
    public SrtpKeyingMaterial(SrtpProfile profile, byte[] exported) {
        int expected = 2 * (profile.keyLength() + profile.saltLength());
        if (exported.length != expected) {
            throw new IllegalArgumentException("keying material of " + exported.length + " bytes (expected: " + expected + ")");
        }
        this.profile = profile;
        this.exported = exported.clone();
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The whole exported block, as {@code openssl -keymatexport} prints it. */
    public byte[] exported() {
        return exported.clone();
    }

    public byte[] clientMasterKey() {
        return Arrays.copyOfRange(exported, 0, profile.keyLength());
    }

    public byte[] serverMasterKey() {
        return Arrays.copyOfRange(exported, profile.keyLength(), 2 * profile.keyLength());
    }

    public byte[] clientMasterSalt() {
        int from = 2 * profile.keyLength();
        return Arrays.copyOfRange(exported, from, from + profile.saltLength());
    }

    public byte[] serverMasterSalt() {
        int from = 2 * profile.keyLength() + profile.saltLength();
        return Arrays.copyOfRange(exported, from, from + profile.saltLength());
    }

    /** The key this role protects its outgoing SRTP with. */
    public byte[] localMasterKey(DtlsRole role) {
        return role == DtlsRole.CLIENT ? clientMasterKey() : serverMasterKey();
    }

    /** The salt this role protects its outgoing SRTP with. */
    public byte[] localMasterSalt(DtlsRole role) {
        return role == DtlsRole.CLIENT ? clientMasterSalt() : serverMasterSalt();
    }

    /** The key the peer of this role protects its SRTP with. */
    public byte[] remoteMasterKey(DtlsRole role) {
        return role == DtlsRole.CLIENT ? serverMasterKey() : clientMasterKey();
    }

    /** The salt the peer of this role protects its SRTP with. */
    public byte[] remoteMasterSalt(DtlsRole role) {
        return role == DtlsRole.CLIENT ? serverMasterSalt() : clientMasterSalt();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrtpKeyingMaterial other && profile == other.profile && Arrays.equals(exported, other.exported);
    }

    @Override
    public int hashCode() {
        return 31 * profile.hashCode() + Arrays.hashCode(exported);
    }

    /** Names the profile only: keys never go to logs. */
    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile + "]";
    }
}
