package org.rtc4j.pc;

/** The type of a session description (W3C §4.8.1, RFC 8829 §5). {@link #toString()} gives the spec's string. */
public enum RTCSdpType implements W3cEnum {
    OFFER, PRANSWER, ANSWER, ROLLBACK;

    @Override
    public String toString() {
        return w3c();
    }

    /** The value for a spec string. */
    public static RTCSdpType of(String text) {
        return W3cEnum.parse(RTCSdpType.class, text);
    }
}
