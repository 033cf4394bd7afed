package org.rtc4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
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

    @Test
    void closeEndsTheBrowserAndDeletesItsProfile() throws Exception {
        ChromiumPeer chromium = ChromiumPeer.start();
        java.util.List<ProcessHandle> running;
        try {
            running = chromium.processes();
            assertThat(running).as("Chromium's processes").isNotEmpty();
            assertThat(chromium.version()).contains("Chrome/");
        } finally {
            chromium.close();
        }
        assertThat(running).as("processes left after close").noneMatch(ProcessHandle::isAlive);
        assertThat(chromium.processes()).isEmpty();
        assertThat(Files.exists(chromium.directory())).as("the temporary profile").isFalse();
    }
}
