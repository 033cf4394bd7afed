package org.rtc4j.interop;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transport below SCTP against Chromium, in every signalling direction and DTLS role: the checks
 * of {@link NodePeerTransportTest} (hand-written SDP accepted, rtc4j's ICE and DTLS connect, Chromium's
 * first SCTP packet is a valid INIT), each with a fresh browser.
 */
class ChromiumTransportTest {
    @ParameterizedTest
    @EnumSource(Signalling.class)
    void iceAndDtlsConnectAndChromiumSendsInit(Signalling signalling) throws Exception {
        try (ChromiumPeer chromium = ChromiumPeer.start()) {
            NodePeerTransportTest.iceAndDtlsConnectAndThePeerSendsInit(chromium, signalling);
        }
    }
}
