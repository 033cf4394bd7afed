package org.rtc4j.sctp;

/**
 * A malformed SCTP packet, chunk or parameter (RFC 9260 §3), with the rule it broke. The codec throws
 * it; an association never lets it escape {@code handleReceive}: the packet is dropped and counted.
 */
public final class SctpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which rule the bytes broke. */
    public enum Reason {
        /** Fewer bytes than the structure needs. */
        TRUNCATED,
        /**
         * A length that does not fit: a chunk, parameter or error cause whose length field is below 4 or
         * runs past its container, or a value whose length disagrees with its content (SACK counts,
         * FORWARD-TSN stream entries, SHUTDOWN, RE-CONFIG parameters).
         */
        BAD_LENGTH,
        /** A field holds a value its chunk forbids (for example a DATA chunk without user data). */
        BAD_VALUE
    }

    private final Reason reason;

    public SctpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The rule the input broke. */
    public Reason reason() {
        return reason;
    }
}
