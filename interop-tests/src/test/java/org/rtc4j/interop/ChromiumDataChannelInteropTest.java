package org.rtc4j.interop;

import java.util.List;

/**
 * rtc4j's SCTP association and data channels against Chromium (dcsctp inside the browser, Debian's
 * {@code chromium} driven by Selenium through {@code chromedriver}): the {@link DataChannelInteropScenarios},
 * each with a fresh browser.
 */
class ChromiumDataChannelInteropTest extends DataChannelInteropScenarios {
    @Override
    List<PeerFactory> peers() {
        return List.of(new PeerFactory("chromium", ChromiumPeer::start));
    }
}
