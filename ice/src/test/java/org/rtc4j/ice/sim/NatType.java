package org.rtc4j.ice.sim;

/**
 * The classic NAT behaviours, named and defined in the terms of RFC 4787: how a NAT maps an
 * internal endpoint to an external one, and which inbound datagrams it lets through a mapping.
 */
public enum NatType {
    /** Endpoint-independent mapping and endpoint-independent filtering: anyone may send to a mapping. */
    FULL_CONE(true, Filtering.ENDPOINT_INDEPENDENT),
    /** Endpoint-independent mapping, address-dependent filtering: any port of an address the host sent to. */
    ADDRESS_RESTRICTED(true, Filtering.ADDRESS_DEPENDENT),
    /** Endpoint-independent mapping, address-and-port-dependent filtering: only the exact endpoints sent to. */
    PORT_RESTRICTED(true, Filtering.ADDRESS_AND_PORT_DEPENDENT),
    /**
     * Address-and-port-dependent mapping and filtering: every destination gets its own external port,
     * so a server-reflexive address learned from a STUN server is useless to anyone else.
     */
    SYMMETRIC(false, Filtering.ADDRESS_AND_PORT_DEPENDENT);

    /** Which inbound datagrams pass a mapping (RFC 4787 §5). */
    public enum Filtering {
        /** Every remote endpoint. */
        ENDPOINT_INDEPENDENT,
        /** Remote endpoints on an address the internal endpoint has sent to. */
        ADDRESS_DEPENDENT,
        /** Exactly the remote endpoints the internal endpoint has sent to. */
        ADDRESS_AND_PORT_DEPENDENT
    }

    private final boolean endpointIndependentMapping;
    private final Filtering filtering;

    NatType(boolean endpointIndependentMapping, Filtering filtering) {
        this.endpointIndependentMapping = endpointIndependentMapping;
        this.filtering = filtering;
    }

    /**
     * Whether one internal endpoint keeps one external port whatever the destination (RFC 4787 §4.1);
     * otherwise each destination address and port gets a mapping of its own.
     */
    public boolean endpointIndependentMapping() {
        return endpointIndependentMapping;
    }

    /** The filtering behaviour. */
    public Filtering filtering() {
        return filtering;
    }
}
