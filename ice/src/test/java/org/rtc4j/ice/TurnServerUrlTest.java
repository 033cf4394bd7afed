package org.rtc4j.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.ice.TurnServerUrl.Scheme;
import org.rtc4j.ice.TurnServerUrl.Transport;

/** {@link TurnServerUrl}: the URI grammars of RFC 7064 and RFC 7065. */
class TurnServerUrlTest {

    @ParameterizedTest
    @CsvSource({
            "turn:turn.example.org,                       TURN,  turn.example.org, 3478, UDP",
            "turn:turn.example.org:3479,                  TURN,  turn.example.org, 3479, UDP",
            "turn:turn.example.org?transport=udp,         TURN,  turn.example.org, 3478, UDP",
            "turn:turn.example.org?transport=tcp,         TURN,  turn.example.org, 3478, TCP",
            "TURN:192.0.2.1:80?Transport=TCP,             TURN,  192.0.2.1,        80,   TCP",
            "turns:turn.example.org,                      TURNS, turn.example.org, 5349, TLS",
            "turns:turn.example.org:443?transport=tcp,    TURNS, turn.example.org, 443,  TLS",
            "turn:[2001:db8::1],                          TURN,  2001:db8::1,      3478, UDP",
            "turns:[2001:db8::1]:443,                     TURNS, 2001:db8::1,      443,  TLS",
            "stun:stun.l.google.com:19302,                STUN,  stun.l.google.com, 19302, UDP",
            "stuns:stun.example.org,                      STUNS, stun.example.org, 5349, TLS",
    })
    void parses(String url, Scheme scheme, String host, int port, Transport transport) throws IceException {
        TurnServerUrl parsed = TurnServerUrl.parse(url, "alice", "wonderland");
        assertThat(parsed.scheme()).isEqualTo(scheme);
        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
        assertThat(parsed.transport()).isEqualTo(transport);
        assertThat(parsed.username()).isEqualTo("alice");
        assertThat(parsed.credential()).isEqualTo("wonderland");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "turn", "http://example.org", "turn://example.org", "turn:alice@example.org", "turn:", "turn::3478",
            "turn:example.org:", "turn:example.org:0", "turn:example.org:65536", "turn:example.org:12x",
            "turn:example.org?transport=sctp", "turn:example.org?foo=bar", "turns:example.org?transport=udp",
            "stun:example.org?transport=tcp", "turn:2001:db8::1", "turn:[2001:db8::1", "turn:[not-v6]",
            "turn:[2001:db8::1]x", "turn:256.1.1.1", "turn:exa mple.org", "turn:-bad.example",
    })
    void refusesWhatTheGrammarDoesNotAllow(String url) {
        assertThatThrownBy(() -> TurnServerUrl.parse(url, "alice", "wonderland")).isInstanceOf(IceException.class)
                .hasMessageContaining("expected");
    }

    @Test
    void refusesOverlongUrls() {
        String url = "turn:" + "a".repeat(TurnServerUrl.MAX_URL_LENGTH);
        assertThatThrownBy(() -> TurnServerUrl.parse(url, "alice", "wonderland")).isInstanceOf(IceException.class)
                .hasMessageContaining("at most 1024");
    }

    @Test
    void turnNeedsCredentialsAndStunDoesNot() throws IceException {
        assertThatThrownBy(() -> TurnServerUrl.parse("turn:example.org", null, "x")).isInstanceOf(IceException.class)
                .hasMessageContaining("username and a credential");
        assertThatThrownBy(() -> TurnServerUrl.parse("turns:example.org", "alice", null)).isInstanceOf(IceException.class);
        TurnServerUrl stun = TurnServerUrl.parse("stun:example.org", null, null);
        assertThat(stun.isTurn()).isFalse();
        assertThat(stun.username()).isNull();
    }

    @Test
    void resolvesLiteralsOnlyAndNeverLooksUpNames() throws Exception {
        assertThat(TurnServerUrl.parse("turn:192.0.2.1:3479", "a", "b").address())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 3479));
        assertThat(TurnServerUrl.parse("turn:[2001:db8::1]", "a", "b").address().getAddress())
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
        InetSocketAddress named = TurnServerUrl.parse("turn:turn.example.org", "a", "b").address();
        assertThat(named.isUnresolved()).isTrue();
        assertThat(named.getHostString()).isEqualTo("turn.example.org");
        assertThat(named.getPort()).isEqualTo(3478);
    }

    @Test
    void printsTheCanonicalUrlButNeverTheCredential() throws IceException {
        TurnServerUrl url = TurnServerUrl.parse("turns:[2001:db8::1]", "alice", "wonderland");
        assertThat(url.toUrl()).isEqualTo("turns:[2001:db8::1]:5349?transport=tcp");
        assertThat(url.toString()).contains("alice").doesNotContain("wonderland");
        assertThat(TurnServerUrl.parse(url.toUrl(), "alice", "wonderland")).isEqualTo(url);
        assertThat(TurnServerUrl.parse("stun:example.org", null, null).toUrl()).isEqualTo("stun:example.org:3478");
    }

    @Test
    void theConstructorKeepsSchemeAndTransportConsistent() {
        assertThatThrownBy(() -> new TurnServerUrl(Scheme.TURNS, "example.org", 5349, Transport.TCP, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnServerUrl(Scheme.TURN, "example.org", 0, Transport.UDP, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 1 ~ 65535");
    }
}
