package org.rtc4j.sdp;

/**
 * The DTLS role attribute {@code a=setup} (RFC 4145 §4, RFC 8842 §5.1): an offer says
 * {@link #ACTPASS}, the answer picks {@link #ACTIVE} (it is the DTLS client) or {@link #PASSIVE}.
 */
public enum Setup {
    /** The endpoint will initiate the connection (DTLS client). */
    ACTIVE("active"),
    /** The endpoint will accept the connection (DTLS server). */
    PASSIVE("passive"),
    /** The endpoint may take either role; what offers say. */
    ACTPASS("actpass"),
    /** No connection for now. */
    HOLDCONN("holdconn");

    /** The attribute name. */
    public static final String ATTRIBUTE = "setup";

    private final String sdpValue;

    Setup(String sdpValue) {
        this.sdpValue = sdpValue;
    }

    /** The value as SDP writes it, e.g. {@code actpass}. */
    public String sdpValue() {
        return sdpValue;
    }

    /** The {@code a=setup} line. */
    public SdpLine toLine() {
        return SdpLine.attribute(ATTRIBUTE, sdpValue);
    }

    static Setup parse(SdpLine line) {
        String v = Values.attributeValue(line, "actpass, active, passive or holdconn").strip();
        for (Setup s : values()) {
            if (s.sdpValue.equals(v)) {
                return s;
            }
        }
        throw SdpParseException.at(line, "unknown setup role '" + v + "'", "actpass, active, passive or holdconn");
    }
}
