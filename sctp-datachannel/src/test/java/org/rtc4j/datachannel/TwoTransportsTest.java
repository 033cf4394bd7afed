package org.rtc4j.datachannel;

import org.junit.jupiter.api.Disabled;
import org.rtc4j.sctp.SctpConfig;

/** The data-channel scenarios over two real {@link org.rtc4j.sctp.SctpAssociation}s on simulated time. */
@Disabled("needs SctpAssociation")
class TwoTransportsTest extends DataChannelScenarios {
    @Override
    TwoTransports pair(SctpConfig clientConfig, SctpConfig serverConfig) {
        return TwoTransports.overSctp(clientConfig, serverConfig);
    }
}
