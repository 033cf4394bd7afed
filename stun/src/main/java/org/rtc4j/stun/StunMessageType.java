package org.rtc4j.stun;

/**
 * The 14-bit STUN message type: a {@link StunClass} and a {@link StunMethod} interleaved as
 * M11..M7 C1 M6..M4 C0 M3..M0 (RFC 8489 §5, figure 3).
 *
 * @param messageClass request, indication, success or error response
 * @param method       the method, such as {@link StunMethod#BINDING}
 */
public record StunMessageType(StunClass messageClass, StunMethod method) {
    public static final StunMessageType BINDING_REQUEST = new StunMessageType(StunClass.REQUEST, StunMethod.BINDING);
    public static final StunMessageType BINDING_INDICATION = new StunMessageType(StunClass.INDICATION, StunMethod.BINDING);
    public static final StunMessageType BINDING_SUCCESS = new StunMessageType(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING);
    public static final StunMessageType BINDING_ERROR = new StunMessageType(StunClass.ERROR_RESPONSE, StunMethod.BINDING);

    public StunMessageType {
        if (messageClass == null || method == null) {
            throw new IllegalArgumentException("class and method are required");
        }
    }

    /** Returns the type of a given class and method. */
    public static StunMessageType of(StunClass messageClass, StunMethod method) {
        if (method == StunMethod.BINDING) {
            return switch (messageClass) {
                case REQUEST -> BINDING_REQUEST;
                case INDICATION -> BINDING_INDICATION;
                case SUCCESS_RESPONSE -> BINDING_SUCCESS;
                case ERROR_RESPONSE -> BINDING_ERROR;
            };
        }
        return new StunMessageType(messageClass, method);
    }

    /**
     * Decodes the 14 low bits of the first two header bytes.
     *
     * @param bits the type field (expected: 0 ~ 0x3FFF)
     */
    public static StunMessageType decode(int bits) {
        if (bits < 0 || bits > 0x3FFF) {
            throw new IllegalArgumentException("message type " + bits + " (expected: 0 ~ 0x3FFF)");
        }
        int c = ((bits >> 4) & 0b01) | ((bits >> 7) & 0b10);
        int m = (bits & 0x000F) | ((bits >> 1) & 0x0070) | ((bits >> 2) & 0x0F80);
        return of(StunClass.ofBits(c), StunMethod.of(m));
    }

    /** Encodes this type as the 14-bit field of the header. */
    public int encode() {
        return encode(messageClass, method.code());
    }

    static int encode(StunClass c, int m) {
        int cb = c.bits();
        return (m & 0x000F) | ((cb & 0b01) << 4) | ((m & 0x0070) << 1) | ((cb & 0b10) << 7) | ((m & 0x0F80) << 2);
    }

    /** The type of the success response to a request of this type's method. */
    public StunMessageType successResponse() {
        return of(StunClass.SUCCESS_RESPONSE, method);
    }

    /** The type of the error response to a request of this type's method. */
    public StunMessageType errorResponse() {
        return of(StunClass.ERROR_RESPONSE, method);
    }

    @Override
    public String toString() {
        return method + " " + messageClass.name().toLowerCase().replace('_', ' ');
    }
}
