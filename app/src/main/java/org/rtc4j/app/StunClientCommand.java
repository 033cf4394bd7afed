package org.rtc4j.app;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.rtc4j.stun.RetransmissionPolicy;
import org.rtc4j.stun.StunClientEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc4j stun-client host[:port]}: prints this host's server-reflexive address as a STUN server sees it. */
@Command(name = "stun-client", mixinStandardHelpOptions = true,
        description = "Send a STUN Binding request and print the reflexive address the server reports.")
final class StunClientCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The STUN server, host[:port] (port defaults to 3478).")
    String server;

    @Option(names = "--local-port", defaultValue = "0", description = "Local UDP port (default: any).")
    int localPort;

    @Override
    public Integer call() throws Exception {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon;
        InetSocketAddress target = hasPort
                ? new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)))
                : new InetSocketAddress(server, 3478);
        if (target.isUnresolved()) {
            System.err.println("cannot resolve " + server);
            return 2;
        }
        UdpStunExchange.Result result = new UdpStunExchange(Clock.systemUTC(), RetransmissionPolicy.UDP_DEFAULT)
                .probe(new InetSocketAddress(localPort), target);
        if (result.mappedAddress().isPresent()) {
            System.out.println("mapped address " + result.mappedAddress().get().getAddress().getHostAddress() + ":"
                    + result.mappedAddress().get().getPort() + " (local " + result.localAddress() + ")");
            return 0;
        }
        StunClientEvent e = result.event();
        System.err.println(e instanceof StunClientEvent.Timeout ? "no answer from " + target
                : "failed: " + (e instanceof StunClientEvent.Response r ? r.response().errorCode().map(Object::toString).orElse(r.response().toString()) : e.toString()));
        return 1;
    }
}
