package org.rtc4j.interop;

import java.util.Arrays;
import java.util.List;

/**
 * rtc4j's SCTP association and data channels against libdatachannel (usrsctp) and libwebrtc (dcsctp)
 * as node child processes: the {@link DataChannelInteropScenarios}.
 */
class NodeDataChannelInteropTest extends DataChannelInteropScenarios {
    @Override
    List<PeerFactory> peers() {
        return Arrays.stream(NodePeer.Implementation.values())
                .map(impl -> new PeerFactory(impl.argument(), () -> NodePeer.start(impl)))
                .toList();
    }
}
