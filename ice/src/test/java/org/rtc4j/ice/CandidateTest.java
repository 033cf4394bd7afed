package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The {@code a=candidate} grammar of RFC 8839 §5.1 (and RFC 6544 for TCP) both ways, with real browser lines. */
class CandidateTest {
    @ParameterizedTest
    @ValueSource(strings = {
            // Chromium host, srflx, relay, TCP, IPv6, mDNS
            "candidate:842163049 1 udp 2122260223 192.168.1.5 54321 typ host generation 0 ufrag EsAw network-id 1 network-cost 10",
            "candidate:1467250027 1 udp 1686052607 203.0.113.9 61000 typ srflx raddr 192.168.1.5 rport 54321 generation 0 ufrag EsAw network-id 1",
            "candidate:3473154123 1 udp 41885695 198.51.100.3 50123 typ relay raddr 203.0.113.9 rport 61000 generation 0 ufrag EsAw",
            "candidate:4233069003 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active generation 0 ufrag EsAw network-id 1",
            "candidate:2999745851 1 udp 2122262783 2001:db8::5 49152 typ host generation 0 ufrag EsAw network-id 2",
            "candidate:3512837402 1 udp 2113937151 4f2a9e2d-7c44-4a0e-8a3c-0f1e2d3c4b5a.local 51811 typ host generation 0 ufrag EsAw",
            // Firefox and libdatachannel style
            "candidate:0 1 UDP 2122252543 10.0.0.7 49766 typ host",
            "candidate:1 1 UDP 1686052863 203.0.113.20 49766 typ srflx raddr 10.0.0.7 rport 49766",
            "candidate:a0+B/9 2 udp 1 10.0.0.1 0 typ prflx"})
    void browserLinesRoundTrip(String line) throws Exception {
        Candidate c = Candidate.parse(line);
        assertThat(Candidate.parse(c.toSdp())).isEqualTo(c);
        assertThat(c.toSdp()).isEqualToIgnoringCase(line);
        assertThat(Candidate.parse("a=" + line)).isEqualTo(c);
    }

    @Test
    void fieldsAreParsed() throws Exception {
        Candidate c = Candidate.parse(
                "candidate:1467250027 1 udp 1686052607 203.0.113.9 61000 typ srflx raddr 192.168.1.5 rport 54321 generation 0 ufrag EsAw network-id 3 network-cost 50");
        assertThat(c.foundation()).isEqualTo("1467250027");
        assertThat(c.component()).isEqualTo(1);
        assertThat(c.transport()).isEqualTo(TransportProtocol.UDP);
        assertThat(c.priority()).isEqualTo(1686052607L);
        assertThat(c.address()).isEqualTo(new InetSocketAddress("203.0.113.9", 61000));
        assertThat(c.type()).isEqualTo(CandidateType.SERVER_REFLEXIVE);
        assertThat(c.relatedAddress()).isEqualTo(new InetSocketAddress("192.168.1.5", 54321));
        assertThat(c.generation()).hasValue(0);
        assertThat(c.ufrag()).contains("EsAw");
        assertThat(c.networkId()).hasValue(3);
        assertThat(c.networkCost()).hasValue(50);
        Candidate tcp = Candidate.parse("candidate:1 1 tcp 1518280447 192.168.1.5 9 typ host tcptype passive");
        assertThat(tcp.tcpType()).isEqualTo(TcpType.PASSIVE);
        Candidate mdns = Candidate.parse("candidate:1 1 udp 2113937151 abc-def.local 51811 typ host");
        assertThat(mdns.isHostName()).isTrue();
        assertThat(mdns.address().getHostString()).isEqualTo("abc-def.local");
    }

    @Test
    void priorityFormulaOfRfc8445() {
        assertThat(Candidate.priority(CandidateType.HOST, 65535, 1)).isEqualTo(2130706431L);
        assertThat(Candidate.priority(CandidateType.SERVER_REFLEXIVE, 65535, 1)).isEqualTo(1694498815L);
        assertThat(Candidate.priority(CandidateType.RELAYED, 0, 2)).isEqualTo(254L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "candidate:1 1 udp 100 10.0.0.1 5000",                       // no typ
            "candidate:1 1 udp 100 10.0.0.1 5000 type host",             // typ misspelt
            "candidate:1 1 sctp 100 10.0.0.1 5000 typ host",             // transport
            "candidate:1 0 udp 100 10.0.0.1 5000 typ host",              // component 0
            "candidate:1 257 udp 100 10.0.0.1 5000 typ host",            // component too large
            "candidate:1 1 udp 0 10.0.0.1 5000 typ host",                // priority 0
            "candidate:1 1 udp 99999999999 10.0.0.1 5000 typ host",      // priority too large
            "candidate:1 1 udp -5 10.0.0.1 5000 typ host",               // negative
            "candidate:1 1 udp 100 10.0.0.1 70000 typ host",             // port
            "candidate:1 1 udp 100 10.0.0.300 5000 typ host",            // IPv4 octet
            "candidate:1 1 udp 100 10.0.0.1 5000 typ house",             // type
            "candidate:1 1 udp 100 10.0.0.1 5000 typ srflx raddr 1.2.3.4", // raddr without rport
            "candidate:1 1 udp 100 10.0.0.1 5000 typ host generation",   // extension without value
            "candidate:1 1 udp 100 10.0.0.1 5000 typ host tcptype active", // tcptype on UDP
            "candidate:1 1 tcp 100 10.0.0.1 5000 typ host tcptype sideways",
            "candidate:this-foundation-is-way-too-long-for-ice 1 udp 100 10.0.0.1 5000 typ host",
            "candidate:f*o 1 udp 100 10.0.0.1 5000 typ host",            // bad ice-char
            "candidate:1 1 udp 100 bad_host! 5000 typ host",
            "candidate:1 1 udp 100 ::zz 5000 typ host"})
    void malformedLinesFailWithAClearReason(String line) {
        assertThatThrownBy(() -> Candidate.parse(line)).isInstanceOf(IceException.class).hasMessageNotContaining("null");
    }

    @Test
    void overlongLinesAreRefusedBeforeParsing() {
        assertThatThrownBy(() -> Candidate.parse("candidate:1 1 udp 1 10.0.0.1 1 typ host " + "x y ".repeat(400)))
                .isInstanceOf(IceException.class).hasMessageContaining("at most");
    }
}
