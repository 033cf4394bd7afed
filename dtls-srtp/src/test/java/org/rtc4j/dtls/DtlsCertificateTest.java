package org.rtc4j.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    @Test
    void generatesSelfSignedP256() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generate(Instant.now(), new SecureRandom());
        assertThat(cert.certificate().getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.certificate().getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(cert.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        cert.certificate().verify(cert.certificate().getPublicKey());
        cert.certificate().checkValidity();
    }

    @Test
    void fingerprintIsSdpForm() {
        DtlsCertificate cert = DtlsCertificate.generate();
        assertThat(cert.fingerprint()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(DtlsCertificate.fingerprint(cert.encoded())).isEqualTo(cert.fingerprint());
    }

    @Test
    void fingerprintOfKnownBytes() {
        // SHA-256 of the empty input, e3b0c442...b855
        assertThat(DtlsCertificate.fingerprint(new byte[0])).isEqualTo("sha-256 E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:"
                + "27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55");
    }

    @Test
    void fingerprintComparisonIgnoresCase() {
        String fp = DtlsCertificate.generate().fingerprint();
        assertThat(DtlsCertificate.sameFingerprint(fp.toLowerCase().replace("sha-256", "SHA-256"), fp)).isTrue();
    }

    @Test
    void generationTimeIsReported() {
        DtlsCertificate.generate(); // warm up class loading and providers
        long start = System.nanoTime();
        int n = 10;
        for (int i = 0; i < n; i++) {
            DtlsCertificate.generate();
        }
        long perCertMicros = (System.nanoTime() - start) / 1000 / n;
        System.out.println("certificate generation: " + perCertMicros + " us each");
        assertThat(perCertMicros).isPositive(); // measured, not a timed assertion: see design.md, Testing 5
    }
}
