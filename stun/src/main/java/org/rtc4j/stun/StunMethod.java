package org.rtc4j.stun;

/**
 * A STUN method: the twelve method bits of the message type (RFC 8489 §5, §18.2; RFC 8656 §17).
 *
 * <p>An open value class: {@link #of(int)} returns the registered constant for a known code point
 * and a new unnamed instance for any other, so an unknown method is data, not an error.
 */
public final class StunMethod {
    /** Binding (RFC 8489). */
    public static final StunMethod BINDING = new StunMethod(0x001, "Binding");
    /** Allocate (RFC 8656 §7). */
    public static final StunMethod ALLOCATE = new StunMethod(0x003, "Allocate");
    /** Refresh (RFC 8656 §8). */
    public static final StunMethod REFRESH = new StunMethod(0x004, "Refresh");
    /** Send, an indication (RFC 8656 §11). */
    public static final StunMethod SEND = new StunMethod(0x006, "Send");
    /** Data, an indication (RFC 8656 §11). */
    public static final StunMethod DATA = new StunMethod(0x007, "Data");
    /** CreatePermission (RFC 8656 §9). */
    public static final StunMethod CREATE_PERMISSION = new StunMethod(0x008, "CreatePermission");
    /** ChannelBind (RFC 8656 §12). */
    public static final StunMethod CHANNEL_BIND = new StunMethod(0x009, "ChannelBind");

    private static final StunMethod[] KNOWN = new StunMethod[0x00A];

    static {
        for (StunMethod m : new StunMethod[] {BINDING, ALLOCATE, REFRESH, SEND, DATA, CREATE_PERMISSION, CHANNEL_BIND}) {
            KNOWN[m.code] = m;
        }
    }

    private final int code;
    private final String name;

    private StunMethod(int code, String name) {
        this.code = code;
        this.name = name;
    }

    /**
     * Returns the method with this code.
     *
     * @param code the method number (expected: 0 ~ 0xFFF)
     */
    public static StunMethod of(int code) {
        if (code < 0 || code > 0xFFF) {
            throw new IllegalArgumentException("method " + code + " (expected: 0 ~ 0xFFF)");
        }
        if (code < KNOWN.length && KNOWN[code] != null) {
            return KNOWN[code];
        }
        return new StunMethod(code, null);
    }

    /** The method number, 0 to 0xFFF. */
    public int code() {
        return code;
    }

    /** Whether rtc4j knows this method by name. */
    public boolean isKnown() {
        return name != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunMethod m && m.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name != null ? name : String.format("Method(0x%03x)", code);
    }
}
