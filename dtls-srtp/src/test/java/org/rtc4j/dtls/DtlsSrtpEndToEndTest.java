package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtc4j.srtp.SrtpProfile;
import org.rtc4j.srtp.SrtpSession;

/**
 * DTLS-SRTP end to end (RFC 5764 §4.2): each side builds its SRTP sessions from the keys its own
 * handshake exported, and SRTP protected by one side is accepted by the other, in both directions.
 */
class DtlsSrtpEndToEndTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void exportedKeysProtectAndUnprotect(SrtpProfile profile) throws Exception {
        DtlsConfig config = DtlsConfig.DEFAULT.withSrtpProfiles(java.util.List.of(profile));
        DtlsCertificate c = DtlsCertificate.generate();
        DtlsCertificate s = DtlsCertificate.generate();
        try (DtlsPair pair = new DtlsPair(c, s.fingerprint(), s, c.fingerprint(), config)) {
            pair.start();
            assertThat(pair.pumpUntil(p -> DtlsPair.connected(p.clientEvents) && DtlsPair.connected(p.serverEvents),
                    Duration.ofSeconds(10))).isTrue();
            SrtpKeyingMaterial atClient = DtlsPair.find(pair.clientEvents, DtlsEvent.Connected.class).orElseThrow().keyingMaterial();
            SrtpKeyingMaterial atServer = DtlsPair.find(pair.serverEvents, DtlsEvent.Connected.class).orElseThrow().keyingMaterial();
            assertThat(atClient.profile()).isEqualTo(profile);

            SrtpSession clientOut = new SrtpSession(profile, atClient.localMasterKey(DtlsRole.CLIENT), atClient.localMasterSalt(DtlsRole.CLIENT));
            SrtpSession serverIn = new SrtpSession(profile, atServer.remoteMasterKey(DtlsRole.SERVER), atServer.remoteMasterSalt(DtlsRole.SERVER));
            SrtpSession serverOut = new SrtpSession(profile, atServer.localMasterKey(DtlsRole.SERVER), atServer.localMasterSalt(DtlsRole.SERVER));
            SrtpSession clientIn = new SrtpSession(profile, atClient.remoteMasterKey(DtlsRole.CLIENT), atClient.remoteMasterSalt(DtlsRole.CLIENT));

            assertRoundTrip(clientOut, serverIn, 0x11223344);
            assertRoundTrip(serverOut, clientIn, 0x55667788);
            // keys of the wrong direction do not verify
            byte[] buf = rtp(0x01020304);
            int n = clientOut.protect(buf, 0, 32);
            assertThat(clientIn.unprotect(buf, 0, n)).isNegative();
        }
    }

    private static void assertRoundTrip(SrtpSession out, SrtpSession in, int ssrc) {
        byte[] buf = rtp(ssrc);
        byte[] plain = Arrays.copyOf(buf, 32);
        int n = out.protect(buf, 0, 32);
        assertThat(Arrays.copyOf(buf, 32)).isNotEqualTo(plain);
        assertThat(in.unprotect(buf, 0, n)).isEqualTo(32);
        assertThat(Arrays.copyOf(buf, 32)).isEqualTo(plain);
    }

    /** A 12-byte RTP header and 20 bytes of payload, with room for any tag. */
    private static byte[] rtp(int ssrc) {
        byte[] buf = new byte[32 + 16];
        buf[0] = (byte) 0x80;
        buf[1] = 111;
        buf[3] = 1;
        buf[8] = (byte) (ssrc >>> 24);
        buf[9] = (byte) (ssrc >>> 16);
        buf[10] = (byte) (ssrc >>> 8);
        buf[11] = (byte) ssrc;
        for (int i = 12; i < 32; i++) {
            buf[i] = (byte) i;
        }
        return buf;
    }
}
