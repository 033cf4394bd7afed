package org.rtc4j.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.security.LongTermCredential;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;

/**
 * ice4j answering ICE checks, for the STUN codec benchmarks: receives a check and encodes its answer
 * the way ice4j's own {@code StunStack} and {@code ConnectivityCheckServer} do, with real FINGERPRINT
 * and MESSAGE-INTEGRITY checks.
 *
 * <p>Receiving is ice4j's path for a datagram: {@link RawMessage} (a copy of the packet),
 * {@link Message#decode} (which rejects a wrong FINGERPRINT itself), then
 * {@link StunStack#validateMessageIntegrity} with the key that the stack's credentials manager
 * finds for the local ufrag in USERNAME.
 */
final class Ice4jResponder {
    private final StunStack stack = new StunStack();
    private final TransportAddress local;
    private final TransportAddress peer;

    /**
     * @param localUfrag whose key the credentials manager knows
     * @param password   the local ICE password, which keys both directions
     */
    Ice4jResponder(String localUfrag, String password, InetSocketAddress local, InetSocketAddress peer) {
        this.local = new TransportAddress(local, Transport.UDP);
        this.peer = new TransportAddress(peer, Transport.UDP);
        stack.getCredentialsManager().registerAuthority(new LocalCredentials(localUfrag, password));
    }

    /**
     * Decodes a received check and verifies it as ice4j's stack does on receipt.
     *
     * @return the request, or null if it is malformed, lacks USERNAME, MESSAGE-INTEGRITY or
     *         FINGERPRINT, or either check fails
     */
    Message receive(byte[] packet, int length) {
        RawMessage raw = RawMessage.build(packet, length, peer, local);
        Message message;
        try {
            message = Message.decode(raw.getBytes(), 0, raw.getMessageLength());
        } catch (org.ice4j.StunException | RuntimeException e) {
            return null;
        }
        UsernameAttribute username = (UsernameAttribute) message.getAttribute(Attribute.USERNAME);
        MessageIntegrityAttribute integrity =
                (MessageIntegrityAttribute) message.getAttribute(Attribute.MESSAGE_INTEGRITY);
        if (username == null || integrity == null || !message.containsAttribute(Attribute.FINGERPRINT)) {
            return null;
        }
        boolean valid = stack.validateMessageIntegrity(
                integrity, LongTermCredential.toString(username.getUsername()), true, raw);
        return valid ? message : null;
    }

    /**
     * Builds and encodes the Binding success response to {@code request} as ice4j's
     * ConnectivityCheckServer does: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY keyed for
     * {@code localUfrag}, then FINGERPRINT.
     */
    byte[] successResponse(Request request, String localUfrag) {
        Response response = MessageFactory.createBindingResponse(request, peer);
        try {
            response.setTransactionID(request.getTransactionID());
        } catch (org.ice4j.StunException e) {
            throw new IllegalStateException("the request's transaction id was refused", e);
        }
        response.putAttribute(AttributeFactory.createMessageIntegrityAttribute(localUfrag));
        response.putAttribute(AttributeFactory.createFingerprintAttribute());
        return response.encode(stack);
    }

    /** Releases the stack's listeners and transactions (none are started by these benchmarks). */
    void shutDown() {
        stack.shutDown();
    }

    /** The credentials of one ICE session: the local ufrag and the password that keys it. */
    private static final class LocalCredentials implements CredentialsAuthority {
        private final String localUfrag;
        private final byte[] key;

        LocalCredentials(String localUfrag, String password) {
            this.localUfrag = localUfrag;
            this.key = password.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] getLocalKey(String username) {
            return localUfrag.equals(username) ? key : null;
        }

        @Override
        public byte[] getRemoteKey(String username, String media) {
            return null;
        }

        @Override
        public boolean checkLocalUserName(String username) {
            return localUfrag.equals(username);
        }
    }
}
