package org.rtc4j.app;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.rtc4j.stun.CredentialStore;
import org.rtc4j.stun.LongTermAuthenticator;
import org.rtc4j.stun.PasswordAlgorithm;
import org.rtc4j.stun.StunServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rtc4j stun-server}: a STUN Binding server on UDP (RFC 8489), open or with long-term credentials. */
@Command(name = "stun-server", mixinStandardHelpOptions = true,
        description = "Answer STUN Binding requests on UDP with the client's reflexive address (RFC 8489).")
final class StunServerCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "3478", description = "UDP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--software", defaultValue = "rtc4j", description = "SOFTWARE attribute of responses (default: ${DEFAULT-VALUE}).")
    String software;

    @Option(names = "--realm", description = "Require long-term credentials in this realm.")
    String realm;

    @Option(names = "--user", description = "A user as name:password (repeatable); needs --realm.")
    List<String> users = List.of();

    @Option(names = "--nonce-lifetime", defaultValue = "PT10M", description = "How long a nonce is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration nonceLifetime;

    @Override
    public Integer call() throws Exception {
        LongTermAuthenticator auth = null;
        if (realm != null) {
            Map<String, String> passwords = new LinkedHashMap<>();
            for (String u : users) {
                int colon = u.indexOf(':');
                if (colon <= 0) {
                    System.err.println("--user " + u + ": expected name:password");
                    return 2;
                }
                passwords.put(u.substring(0, colon), u.substring(colon + 1));
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            auth = new LongTermAuthenticator(realm, CredentialStore.of(passwords), secret, nonceLifetime,
                    List.of(PasswordAlgorithm.SHA_256, PasswordAlgorithm.MD5), true);
        } else if (!users.isEmpty()) {
            System.err.println("--user needs --realm");
            return 2;
        }
        StunServer server = new StunServer(software, auth, StunServer.DEFAULT_MAX_QUEUED);
        try (UdpStunServer udp = UdpStunServer.start(server, new InetSocketAddress(host, port), Clock.systemUTC())) {
            System.out.println("rtc4j STUN server listening on udp " + udp.localAddress()
                    + (auth != null ? " (realm " + realm + ")" : "") + "; Ctrl-C to stop");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping: " + udp.stats());
                stop.countDown();
            }));
            stop.await();
        }
        return 0;
    }
}
