package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostAddressPolicyTest {
    @Test
    void defaultPolicyFiltersLoopbackAndLinkLocal() throws Exception {
        HostAddressPolicy p = HostAddressPolicy.DEFAULT;
        assertThat(p.accepts(InetAddress.getByName("192.168.1.5"))).isTrue();
        assertThat(p.accepts(InetAddress.getByName("2001:db8::1"))).isTrue();
        assertThat(p.accepts(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(p.accepts(InetAddress.getByName("::1"))).isFalse();
        assertThat(p.accepts(InetAddress.getByName("169.254.10.1"))).isFalse();
        assertThat(p.accepts(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(p.accepts(InetAddress.getByName("fec0::1"))).as("deprecated site-local").isFalse();
        assertThat(p.accepts(InetAddress.getByName("::10.0.0.1"))).as("IPv4-compatible").isFalse();
        assertThat(p.accepts(InetAddress.getByName("0.0.0.0"))).isFalse();
        assertThat(p.accepts(InetAddress.getByName("224.0.0.251"))).isFalse();
    }

    @Test
    void policiesCanBeRelaxedAndNarrowed() throws Exception {
        assertThat(HostAddressPolicy.LOOPBACK_ONLY.accepts(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(HostAddressPolicy.LOOPBACK_ONLY.accepts(InetAddress.getByName("::1"))).isFalse();
        assertThat(new HostAddressPolicy(false, true, false, false, true, 8).accepts(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(new HostAddressPolicy(true, true, false, true, true, 8).accepts(InetAddress.getByName("fe80::1"))).isTrue();
    }

    @Test
    void enumerationHonoursThePolicyAndTheBound() throws Exception {
        assertThat(HostAddressPolicy.LOOPBACK_ONLY.enumerate()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(HostAddressPolicy.DEFAULT.enumerate()).allMatch(HostAddressPolicy.DEFAULT::accepts).hasSizeLessThanOrEqualTo(8);
    }
}
