package org.rtc4j.datachannel;

import org.rtc4j.sctp.SctpConfig;

/**
 * The data-channel scenarios over {@link LoopbackAssociation}s: the transport's own logic, tested
 * while the real association is written.
 */
class LoopbackTransportsTest extends DataChannelScenarios {
    @Override
    TwoTransports pair(SctpConfig clientConfig, SctpConfig serverConfig) {
        return TwoTransports.overLoopback(clientConfig, serverConfig);
    }
}
