package org.rtc4j.pc;

import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.ice.HostAddressPolicy;

/**
 * How a peer connection runs, beyond the W3C configuration: the event loop that drives it, which
 * local addresses become host candidates, where application callbacks run, and the DTLS settings.
 *
 * @param loop the event loop; null means {@link EventLoopGroup#shared()}
 * @param hostAddresses which local interface addresses get a socket and a host candidate
 * @param callbackExecutor where callbacks run, in order; null means on the event loop itself (they
 *                         must then not block)
 * @param dtls the DTLS settings
 * @param turnTls whom {@code turns:} servers are checked against (their certificate must chain to a
 *                trusted root and name the server); null means the JDK's default trust store
 */
public record PeerConnectionOptions(EventLoop loop, HostAddressPolicy hostAddresses, Executor callbackExecutor,
                                    DtlsConfig dtls, SSLContext turnTls) {
    /** The shared loops, every routable address, callbacks on the loop, default DTLS, default TLS trust. */
    public static final PeerConnectionOptions DEFAULT = new PeerConnectionOptions(null, HostAddressPolicy.DEFAULT, null,
            DtlsConfig.DEFAULT, null);

    public PeerConnectionOptions {
        Objects.requireNonNull(hostAddresses, "hostAddresses");
        Objects.requireNonNull(dtls, "dtls");
    }

    public PeerConnectionOptions withLoop(EventLoop l) {
        return new PeerConnectionOptions(l, hostAddresses, callbackExecutor, dtls, turnTls);
    }

    public PeerConnectionOptions withHostAddresses(HostAddressPolicy policy) {
        return new PeerConnectionOptions(loop, policy, callbackExecutor, dtls, turnTls);
    }

    public PeerConnectionOptions withCallbackExecutor(Executor executor) {
        return new PeerConnectionOptions(loop, hostAddresses, executor, dtls, turnTls);
    }

    /**
     * The TLS context for {@code turns:} servers (for example one that trusts a private CA or a test
     * server's self-signed certificate); null for the JDK default.
     */
    public PeerConnectionOptions withTurnTls(SSLContext context) {
        return new PeerConnectionOptions(loop, hostAddresses, callbackExecutor, dtls, context);
    }
}
