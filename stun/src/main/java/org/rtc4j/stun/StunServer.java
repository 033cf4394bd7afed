package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A STUN server core as a sans-IO state machine (RFC 8489 §6.3): answers Binding requests with
 * XOR-MAPPED-ADDRESS, optionally behind the long-term credential mechanism, and refuses everything
 * else with the error RFC 8489 prescribes.
 *
 * <ul>
 *   <li>Binding request: success with XOR-MAPPED-ADDRESS (and SOFTWARE when configured); a request
 *       carrying unknown comprehension-required attributes gets 420 with UNKNOWN-ATTRIBUTES; with an
 *       authenticator, unauthenticated requests get its 400, 401 or 438.</li>
 *   <li>Other methods get 400; indications and responses are dropped silently.</li>
 *   <li>A FINGERPRINT in the request is mirrored in the response; a bad one drops the request.</li>
 *   <li>Malformed datagrams are dropped and counted; nothing escapes {@link #handleReceive}.</li>
 * </ul>
 *
 * <p>Responses queue for {@link #pollTransmit()} up to a bound; past it new requests are dropped and
 * counted, so a flood cannot grow memory. Not thread-safe: one driver thread owns a server.
 */
public final class StunServer {
    private static final Logger LOG = LoggerFactory.getLogger(StunServer.class);

    /** The default bound on responses waiting to be polled. */
    public static final int DEFAULT_MAX_QUEUED = 1024;

    private final String software;
    private final LongTermAuthenticator authenticator;
    private final int maxQueued;
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final Stats stats = new Stats();

    /**
     * @param software      the SOFTWARE attribute of responses, or null for none
     * @param authenticator the long-term credential check, or null to answer anyone
     * @param maxQueued     the bound on responses waiting to be polled
     */
    public StunServer(String software, LongTermAuthenticator authenticator, int maxQueued) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued " + maxQueued + " (expected: at least 1)");
        }
        this.software = software;
        this.authenticator = authenticator;
        this.maxQueued = maxQueued;
    }

    /** An open server that answers anyone. */
    public StunServer(String software) {
        this(software, null, DEFAULT_MAX_QUEUED);
    }

    /** Handles one datagram; any response is queued for {@link #pollTransmit()}. */
    public void handleReceive(Instant now, Datagram datagram) {
        stats.received++;
        byte[] data = datagram.data();
        StunMessage request;
        try {
            request = StunMessage.decode(data, 0, data.length);
        } catch (StunException e) {
            stats.malformed++;
            LOG.debug("dropping malformed datagram from {}: {}", datagram.source(), e.getMessage());
            return;
        }
        if (request.messageClass() != StunClass.REQUEST) {
            stats.ignored++;
            return;
        }
        if (request.hasFingerprint() && !request.isFingerprintValid()) {
            stats.malformed++;
            LOG.debug("dropping request from {} with a bad FINGERPRINT", datagram.source());
            return;
        }
        if (transmits.size() >= maxQueued) {
            stats.overflow++;
            return;
        }
        StunMessageBuilder response = respond(now, request, datagram.source());
        if (request.hasFingerprint()) {
            response.fingerprint();
        }
        transmits.add(new Transmit(datagram.destination(), datagram.source(), response.encode()));
    }

    private StunMessageBuilder respond(Instant now, StunMessage request, InetSocketAddress client) {
        List<StunAttributeType> unknown = request.unknownComprehensionRequired();
        if (!unknown.isEmpty()) {
            stats.errors++;
            return withSoftware(StunMessageBuilder.errorResponseTo(request, StunErrorCodes.UNKNOWN_ATTRIBUTE)
                    .add(new StunAttribute.UnknownAttributes(unknown)));
        }
        if (!request.method().equals(StunMethod.BINDING)) {
            stats.errors++;
            return withSoftware(StunMessageBuilder.errorResponseTo(request, StunErrorCodes.BAD_REQUEST));
        }
        StunKey key = null;
        boolean sha256 = false;
        if (authenticator != null) {
            LongTermAuthenticator.Result result = authenticator.authenticate(now, request);
            if (result instanceof LongTermAuthenticator.Rejected rejected) {
                stats.rejected++;
                LOG.debug("refusing Binding from {}: {} ({})", client, rejected.errorCode(), rejected.why());
                return withSoftware(rejected.response(request));
            }
            LongTermAuthenticator.Accepted accepted = (LongTermAuthenticator.Accepted) result;
            key = accepted.key();
            sha256 = accepted.sha256();
        }
        stats.bindings++;
        StunMessageBuilder ok = withSoftware(StunMessageBuilder.responseTo(request, StunClass.SUCCESS_RESPONSE)
                .address(StunAttributeType.XOR_MAPPED_ADDRESS, client));
        if (key != null) {
            if (sha256) {
                ok.messageIntegritySha256(key);
            } else {
                ok.messageIntegrity(key);
            }
        }
        return ok;
    }

    private StunMessageBuilder withSoftware(StunMessageBuilder b) {
        return software == null ? b : b.text(StunAttributeType.SOFTWARE, software);
    }

    /** The next response to send. */
    public Optional<Transmit> pollTransmit() {
        return Optional.ofNullable(transmits.poll());
    }

    /** The server has no timers; always empty. Present so that drivers treat every layer alike. */
    public Optional<Instant> pollTimeout() {
        return Optional.empty();
    }

    /** Counters since creation. */
    public Stats stats() {
        return stats.copy();
    }

    /** Counters of a {@link StunServer}; a snapshot. */
    public static final class Stats {
        long received;
        long bindings;
        long errors;
        long rejected;
        long malformed;
        long ignored;
        long overflow;

        /** Datagrams handled. */
        public long received() {
            return received;
        }

        /** Binding requests answered with success. */
        public long bindings() {
            return bindings;
        }

        /** Requests answered with 400 or 420. */
        public long errors() {
            return errors;
        }

        /** Requests refused by the authenticator (400, 401, 438). */
        public long rejected() {
            return rejected;
        }

        /** Datagrams dropped as malformed or with a bad FINGERPRINT. */
        public long malformed() {
            return malformed;
        }

        /** Indications and responses, dropped. */
        public long ignored() {
            return ignored;
        }

        /** Requests dropped because the response queue was full. */
        public long overflow() {
            return overflow;
        }

        Stats copy() {
            Stats s = new Stats();
            s.received = received;
            s.bindings = bindings;
            s.errors = errors;
            s.rejected = rejected;
            s.malformed = malformed;
            s.ignored = ignored;
            s.overflow = overflow;
            return s;
        }

        @Override
        public String toString() {
            return "received=" + received + " bindings=" + bindings + " errors=" + errors + " rejected=" + rejected
                    + " malformed=" + malformed + " ignored=" + ignored + " overflow=" + overflow;
        }
    }
}
